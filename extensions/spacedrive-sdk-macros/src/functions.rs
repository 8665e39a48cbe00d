//! `#[job]`, `#[task]`, `#[query]` and `#[action]` on functions.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;
use syn::{FnArg, GenericArgument, ItemFn, Lifetime, PathArguments, ReturnType, Type, TypeReference};

use crate::args::Args;

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The types of the arguments after the context.
fn arg_types(f: &ItemFn, what: &str) -> syn::Result<Vec<Type>> {
    let mut types = Vec::new();
    for (i, arg) in f.sig.inputs.iter().enumerate() {
        match arg {
            FnArg::Receiver(r) => return Err(syn::Error::new_spanned(r, format!("a #[{}] is a free function, not a method", what))),
            FnArg::Typed(t) if i > 0 => types.push((*t.ty).clone()),
            FnArg::Typed(_) => {}
        }
    }
    if f.sig.inputs.is_empty() {
        return Err(syn::Error::new_spanned(&f.sig, format!("a #[{}] takes its context first: fn {}(ctx: &…Context, …)", what, f.sig.ident)));
    }
    Ok(types)
}

/// `Ok(call)`, or the call run to completion when the function is async.
fn invoke(f: &ItemFn, call: TokenStream) -> TokenStream {
    if f.sig.asyncness.is_some() {
        quote!(::spacedrive_sdk::__rt::block_on(#call))
    } else {
        call
    }
}

pub fn job(args: Args, f: ItemFn) -> syn::Result<TokenStream> {
    // parallelism and trigger are the seeds' scheduling hints: accepted, and
    // left to the job manager's limits (concurrent_jobs) and to the caller.
    args.check("job", &["name", "resumable", "parallelism", "trigger"])?;
    let ident = &f.sig.ident;
    let name = args.string("name")?.unwrap_or_else(|| ident.to_string());
    if !valid_name(&name) {
        return Err(syn::Error::new_spanned(ident, "a job name holds letters, digits and `_` only"));
    }
    let resumable = args.bool("resumable")?.unwrap_or(true);
    let export = format!("execute_{}", name);
    let export_ident = format_ident!("{}", export);
    let info = format_ident!("__spacedrive_job_{}", ident);
    let vis = &f.vis;
    let types = arg_types(&f, "job")?;
    let body = match types.as_slice() {
        [] => {
            let call = invoke(&f, quote!(#ident(ctx)));
            quote!(::spacedrive_sdk::__rt::run_plain_job(#name, ctx_ptr, ctx_len, |ctx| #call))
        }
        [Type::Reference(TypeReference { mutability: Some(_), elem, .. })] => {
            let call = invoke(&f, quote!(#ident(ctx, state)));
            quote!(::spacedrive_sdk::__rt::run_stateful_job::<#elem, _>(#name, ctx_ptr, ctx_len, state_ptr, state_len, |ctx, state| #call))
        }
        [ty] => {
            let call = invoke(&f, quote!(#ident(ctx, params)));
            quote!(::spacedrive_sdk::__rt::run_params_job::<#ty, _>(#name, ctx_ptr, ctx_len, state_ptr, state_len, |ctx, params| #call))
        }
        _ => return Err(syn::Error::new_spanned(&f.sig.inputs,
            "a #[job] takes (ctx: &JobContext), (ctx: &JobContext, state: &mut State) or (ctx: &JobContext, params: Params)")),
    };
    Ok(quote! {
        #f

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        #vis const #info: ::spacedrive_sdk::__rt::JobInfo =
            ::spacedrive_sdk::__rt::JobInfo { name: #name, export: #export, resumable: #resumable };

        #[doc(hidden)]
        #[allow(unsafe_code)]
        #[no_mangle]
        pub extern "C" fn #export_ident(ctx_ptr: i32, ctx_len: i32, state_ptr: i32, state_len: i32) -> i32 {
            let _ = (state_ptr, state_len);
            #body
        }
    })
}

pub fn operation(args: Args, f: ItemFn, action: bool) -> syn::Result<TokenStream> {
    let what = if action { "action" } else { "query" };
    args.check(what, &["name"])?;
    let ident = &f.sig.ident;
    let name = args.string("name")?.unwrap_or_else(|| ident.to_string());
    if !valid_name(&name) {
        return Err(syn::Error::new_spanned(ident, "an operation name holds letters, digits and `_` only"));
    }
    let export = format!("__spacedrive_{}_{}", what, name);
    let export_ident = format_ident!("{}", export);
    let info = format_ident!("__spacedrive_op_{}", ident);
    let kind = if action { quote!(::spacedrive_sdk::__rt::OP_ACTION) } else { quote!(::spacedrive_sdk::__rt::OP_QUERY) };
    let vis = &f.vis;
    let types = arg_types(&f, what)?;
    let body = match types.as_slice() {
        [] => {
            let call = invoke(&f, quote!(#ident(ctx)));
            quote!(::spacedrive_sdk::__rt::run_operation_no_input(#name, in_ptr, in_len, |ctx| #call))
        }
        [ty] => {
            let call = invoke(&f, quote!(#ident(ctx, input)));
            quote!(::spacedrive_sdk::__rt::run_operation::<#ty, _, _>(#name, in_ptr, in_len, |ctx, input| #call))
        }
        _ => return Err(syn::Error::new_spanned(&f.sig.inputs, format!("a #[{}] takes (ctx) or (ctx, input)", what))),
    };
    Ok(quote! {
        #f

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        #vis const #info: ::spacedrive_sdk::__rt::OperationInfo =
            ::spacedrive_sdk::__rt::OperationInfo { name: #name, export: #export, kind: #kind };

        #[doc(hidden)]
        #[allow(unsafe_code)]
        #[no_mangle]
        pub extern "C" fn #export_ident(in_ptr: i32, in_len: i32) -> i32 {
            #body
        }
    })
}

/// Gives every elided reference lifetime in a type one named lifetime, so
/// that the arguments can be a trait's type parameter.
struct NameLifetimes(Lifetime);

impl VisitMut for NameLifetimes {
    fn visit_type_reference_mut(&mut self, r: &mut TypeReference) {
        if r.lifetime.is_none() {
            r.lifetime = Some(self.0.clone());
        }
        syn::visit_mut::visit_type_reference_mut(self, r);
    }

    fn visit_lifetime_mut(&mut self, l: &mut Lifetime) {
        if l.ident == "_" {
            *l = self.0.clone();
        }
    }
}

/// `Result<T>` / `TaskResult<T>` / `Result<T, E>` → `T`.
fn ok_type(ret: &ReturnType) -> syn::Result<Type> {
    if let ReturnType::Type(_, ty) = ret {
        if let Type::Path(p) = &**ty {
            if let Some(last) = p.path.segments.last() {
                if let PathArguments::AngleBracketed(a) = &last.arguments {
                    if let Some(GenericArgument::Type(t)) = a.args.first() {
                        return Ok(t.clone());
                    }
                }
            }
        }
    }
    Err(syn::Error::new_spanned(ret, "a #[task] returns TaskResult<T> (or Result<T>)"))
}

pub fn task(args: Args, f: ItemFn) -> syn::Result<TokenStream> {
    args.check("task", &["retries", "timeout_ms", "name"])?;
    let ident = f.sig.ident.clone();
    let name = args.string("name")?.unwrap_or_else(|| ident.to_string());
    let retries = args.int("retries")?.unwrap_or(0) as u32;
    let timeout = args.int("timeout_ms")?.unwrap_or(0);
    let output = ok_type(&f.sig.output)?;
    let lt = Lifetime::new("'__task", Span::call_site());
    let mut types = arg_types(&f, "task")?;
    for t in &mut types {
        NameLifetimes(lt.clone()).visit_type_mut(t);
    }
    let indices = (0..types.len()).map(syn::Index::from);
    let vis = &f.vis;
    let mut body = f.clone();
    body.sig.ident = format_ident!("__body");
    body.vis = syn::Visibility::Inherited;
    let call = invoke(&f, quote!(Self::__body(ctx, #(args.#indices),*)));
    Ok(quote! {
        /// A task (`#[task]`): run it with `ctx.run(task, (args,))`.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug)]
        #vis struct #ident;

        impl #ident {
            #body
        }

        impl<#lt> ::spacedrive_sdk::Task<(#(#types,)*)> for #ident {
            type Output = #output;
            const NAME: &'static str = #name;
            const RETRIES: u32 = #retries;
            const TIMEOUT_MS: u64 = #timeout;
            fn call(&self, ctx: &::spacedrive_sdk::TaskContext, args: (#(#types,)*)) -> ::spacedrive_sdk::Result<#output> {
                let _ = &args;
                #call
            }
        }
    })
}
