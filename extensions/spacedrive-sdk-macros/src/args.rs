//! Attribute arguments: `key = value` pairs (values are expressions, so
//! `permissions = [Permission::WriteTags]` parses) or bare flags.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Ident, Lit, Token};

pub struct Arg {
    pub key: Ident,
    pub value: Option<Expr>,
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Arg> {
        let key: Ident = input.parse()?;
        let value = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(Arg { key, value })
    }
}

pub struct Args(pub Vec<Arg>);

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Args> {
        let list = Punctuated::<Arg, Token![,]>::parse_terminated(input)?;
        Ok(Args(list.into_iter().collect()))
    }
}

impl Args {
    /// Fails on a key not in `known`.
    pub fn check(&self, what: &str, known: &[&str]) -> syn::Result<()> {
        for a in &self.0 {
            if !known.contains(&a.key.to_string().as_str()) {
                return Err(syn::Error::new(a.key.span(), format!("#[{}] does not know `{}`; it takes: {}", what, a.key, known.join(", "))));
            }
        }
        Ok(())
    }

    pub fn get(&self, key: &str) -> Option<&Arg> {
        self.0.iter().find(|a| a.key == key)
    }

    pub fn string(&self, key: &str) -> syn::Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(a) => expr_string(a.value.as_ref(), &a.key).map(Some),
        }
    }

    pub fn required_string(&self, key: &str, what: &str) -> syn::Result<String> {
        self.string(key)?.ok_or_else(|| syn::Error::new(Span::call_site(), format!("#[{}] needs `{} = \"...\"`", what, key)))
    }

    pub fn int(&self, key: &str) -> syn::Result<Option<u64>> {
        match self.get(key) {
            None => Ok(None),
            Some(a) => expr_int(a.value.as_ref(), &a.key).map(Some),
        }
    }

    pub fn bool(&self, key: &str) -> syn::Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Arg { value: None, .. }) => Ok(Some(true)),
            Some(Arg { value: Some(Expr::Lit(ExprLit { lit: Lit::Bool(b), .. })), .. }) => Ok(Some(b.value)),
            Some(a) => Err(syn::Error::new(a.key.span(), format!("`{}` must be true or false", a.key))),
        }
    }

    /// `key = [a, b::c]`: the elements as expressions.
    pub fn list(&self, key: &str) -> syn::Result<Vec<Expr>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Arg { value: Some(Expr::Array(a)), .. }) => Ok(a.elems.iter().cloned().collect()),
            Some(a) => Err(syn::Error::new(a.key.span(), format!("`{}` must be a list: [...]", a.key))),
        }
    }
}

pub fn expr_string(value: Option<&Expr>, key: &Ident) -> syn::Result<String> {
    match value {
        Some(Expr::Lit(ExprLit { lit: Lit::Str(s), .. })) => Ok(s.value()),
        _ => Err(syn::Error::new(key.span(), format!("`{}` must be a string literal", key))),
    }
}

pub fn expr_int(value: Option<&Expr>, key: &Ident) -> syn::Result<u64> {
    match value {
        Some(Expr::Lit(ExprLit { lit: Lit::Int(i), .. })) => i.base10_parse(),
        _ => Err(syn::Error::new(key.span(), format!("`{}` must be an integer", key))),
    }
}

/// A list of string literals (`["a", "b"]`).
pub fn string_list(value: &Expr, what: &str) -> syn::Result<Vec<String>> {
    match value {
        Expr::Array(a) => a.elems.iter().map(|e| match e {
            Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Ok(s.value()),
            other => Err(syn::Error::new_spanned(other, format!("{}: expected a string literal", what))),
        }).collect(),
        Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Ok(vec![s.value()]),
        other => Err(syn::Error::new_spanned(other, format!("{}: expected [\"...\", ...]", what))),
    }
}
