//! `#[model(version, scope)]` with the seeds' companion attributes
//! `#[scope = "content"]`, `#[sync_strategy = "shared"]` and fields marked
//! `#[blob_data(compression = "zstd", lazy = true)]`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Fields, ItemStruct, Lit, Meta, MetaNameValue, NestedMeta};

use crate::args::Args;

fn name_value(attr: &Attribute) -> syn::Result<String> {
    match attr.parse_meta()? {
        Meta::NameValue(MetaNameValue { lit: Lit::Str(s), .. }) => Ok(s.value()),
        other => Err(syn::Error::new_spanned(other, "expected #[name = \"value\"]")),
    }
}

fn is(attr: &Attribute, name: &str) -> bool {
    attr.path.is_ident(name)
}

/// Does a `#[derive(...)]` already name this trait?
fn derives(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().filter(|a| is(a, "derive")).any(|a| match a.parse_meta() {
        Ok(Meta::List(list)) => list.nested.iter().any(|n| matches!(n, NestedMeta::Meta(m)
            if m.path().segments.last().map(|s| s.ident == name).unwrap_or(false))),
        _ => false,
    })
}

pub fn expand(args: Args, mut item: ItemStruct) -> syn::Result<TokenStream> {
    args.check("model", &["version", "scope", "sync_strategy"])?;
    let version = args.string("version")?.unwrap_or_else(|| "1.0.0".to_string());
    let mut scope = args.string("scope")?;
    let mut sync = args.string("sync_strategy")?;
    let mut kept = Vec::new();
    for attr in item.attrs.drain(..) {
        if is(&attr, "scope") {
            scope = Some(name_value(&attr)?);
        } else if is(&attr, "sync_strategy") {
            sync = Some(name_value(&attr)?);
        } else {
            kept.push(attr);
        }
    }
    item.attrs = kept;
    let scope = scope.unwrap_or_else(|| "standalone".to_string());
    let scope_variant = match scope.as_str() {
        "content" => quote!(::spacedrive_sdk::Scope::Content),
        "standalone" => quote!(::spacedrive_sdk::Scope::Standalone),
        "entry" => quote!(::spacedrive_sdk::Scope::Entry),
        _ => return Err(syn::Error::new_spanned(&item.ident, "scope is \"content\", \"standalone\" or \"entry\"")),
    };
    // Sync is the host's concern; the strategy is checked so typos fail early.
    if let Some(s) = &sync {
        if s != "shared" && s != "device_owned" {
            return Err(syn::Error::new_spanned(&item.ident, "sync_strategy is \"shared\" or \"device_owned\""));
        }
    }

    let fields = match &mut item.fields {
        Fields::Named(named) => named,
        _ => return Err(syn::Error::new_spanned(&item.ident, "a #[model] is a struct with named fields")),
    };
    let mut has_id = false;
    let mut blobs = Vec::new(); // (ident, type, lazy, compression)
    for field in fields.named.iter_mut() {
        let ident = field.ident.clone().expect("named field");
        if ident == "id" {
            has_id = true;
            field.attrs.push(syn::parse_quote!(#[serde(default)]));
        }
        let mut blob = None;
        let mut kept = Vec::new();
        for attr in field.attrs.drain(..) {
            if is(&attr, "blob_data") {
                let mut lazy = true;
                let mut compression = "zstd".to_string();
                if !attr.tokens.is_empty() {
                    let a: Args = attr.parse_args()?;
                    a.check("blob_data", &["compression", "lazy"])?;
                    lazy = a.bool("lazy")?.unwrap_or(true);
                    if let Some(c) = a.string("compression")? {
                        compression = c;
                    }
                }
                blob = Some((lazy, compression));
            } else {
                kept.push(attr);
            }
        }
        field.attrs = kept;
        if let Some((lazy, compression)) = blob {
            field.attrs.push(syn::parse_quote!(#[serde(default)]));
            blobs.push((ident, field.ty.clone(), lazy, compression));
        }
    }
    if !blobs.is_empty() && !has_id {
        return Err(syn::Error::new_spanned(&item.ident, "a #[model] with #[blob_data] fields needs an `id: Uuid` field to load them"));
    }

    let mut derive = Vec::new();
    if !derives(&item.attrs, "Serialize") {
        derive.push(quote!(::spacedrive_sdk::serde::Serialize));
    }
    if !derives(&item.attrs, "Deserialize") {
        derive.push(quote!(::spacedrive_sdk::serde::Deserialize));
    }
    if !derive.is_empty() {
        item.attrs.push(syn::parse_quote!(#[derive(#(#derive),*)]));
        item.attrs.push(syn::parse_quote!(#[serde(crate = "::spacedrive_sdk::serde")]));
    }

    let ident = &item.ident;
    let model_type = ident.to_string();
    let blob_infos = blobs.iter().map(|(f, _, lazy, c)| {
        let name = f.to_string();
        quote!(::spacedrive_sdk::__rt::BlobField { name: #name, lazy: #lazy, compression: #c })
    });
    let keep = blobs.iter().map(|(f, ..)| quote!(self.#f = other.#f;));
    let accessors = blobs.iter().map(|(f, ty, ..)| {
        let key = f.to_string();
        quote! {
            /// Loads this blob field from the store (it is left out of reads while lazy).
            pub async fn #f(&self) -> ::spacedrive_sdk::Result<#ty> {
                ::spacedrive_sdk::__rt::load_blob(self.id, #key)
            }
        }
    });
    let (id_field, uuid) = if has_id {
        (quote!(::core::option::Option::Some("id")), quote!(self.id))
    } else {
        (quote!(::core::option::Option::None), quote!(::spacedrive_sdk::Uuid::nil()))
    };
    Ok(quote! {
        #item

        impl ::spacedrive_sdk::Model for #ident {
            const MODEL_TYPE: &'static str = #model_type;
            const SCOPE: ::spacedrive_sdk::Scope = #scope_variant;
            const VERSION: &'static str = #version;
            const BLOB_FIELDS: &'static [::spacedrive_sdk::__rt::BlobField] = &[#(#blob_infos),*];
            const ID_FIELD: ::core::option::Option<&'static str> = #id_field;

            fn model_uuid(&self) -> ::spacedrive_sdk::Uuid {
                #uuid
            }

            #[allow(unused_variables)]
            fn keep_blobs_from(&mut self, other: Self) {
                #(#keep)*
            }
        }

        impl #ident {
            #(#accessors)*
        }
    })
}
