//! `#[ffi_export]`: the one way a function of `paysign-c` becomes a C symbol.
//!
//! ```ignore
//! #[ffi_export]
//! #[no_mangle]
//! pub unsafe extern "C" fn paysign_digest(/* ... */) -> paysign_status {
//!     let body = unsafe { bytes("body", body, body_len) }?;
//!     // ...
//!     Ok(())
//! }
//! ```
//!
//! The attribute keeps the signature as written (so cbindgen, which reads the
//! source, puts it in the header) and replaces the body by a call of
//! `crate::ffi::boundary`, passing the function's name (`stringify!`) and the
//! body as a closure. The boundary catches panics and, for functions returning
//! `paysign_status`, runs the body as a `Result<(), Failure>`, maps it to a
//! status and records the last failure. For any other return type the body
//! returns that type and a panic gives its `PanicDefault` (NULL, 0).
//!
//! `paysign-c` denies `unsafe_code`, which includes `#[no_mangle]`: only this
//! attribute allows it on the function it wraps, so an export written without
//! it does not compile.

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, spanned::Spanned, Error, ItemFn, ReturnType, Type};

/// Wraps an exported C function in the panic boundary. Options:
/// `keeps_last_error` for the `paysign_last_*` getters, which must not clear
/// the failure they report.
#[proc_macro_attribute]
pub fn ffi_export(attr: TokenStream, item: TokenStream) -> TokenStream {
    let keeps_last_error = match attr.to_string().as_str() {
        "" => false,
        "keeps_last_error" => true,
        other => {
            return Error::new(
                proc_macro2::Span::call_site(),
                format!("ffi_export: unknown option `{other}` (expected `keeps_last_error`)"),
            )
            .to_compile_error()
            .into()
        }
    };
    let mut function = parse_macro_input!(item as ItemFn);
    if let Err(e) = check(&function) {
        return e.to_compile_error().into();
    }
    let name = &function.sig.ident;
    let body = &function.block;
    let returns_status = matches!(&function.sig.output,
        ReturnType::Type(_, ty) if matches!(&**ty, Type::Path(p) if p.path.is_ident("paysign_status")));
    let new_body = if returns_status {
        quote! {{
            crate::ffi::status_boundary(stringify!(#name), #keeps_last_error,
                move || -> crate::ffi::Result<()> { #body })
        }}
    } else {
        let ret = match &function.sig.output {
            ReturnType::Default => quote! { () },
            ReturnType::Type(_, ty) => quote! { #ty },
        };
        quote! {{
            crate::ffi::value_boundary(stringify!(#name), move || -> #ret { #body })
        }}
    };
    *function.block = syn::parse2(new_body).expect("a block");
    quote! {
        #[allow(unsafe_code)]
        #function
    }
    .into()
}

fn check(function: &ItemFn) -> syn::Result<()> {
    let sig = &function.sig;
    let abi_c = sig
        .abi
        .as_ref()
        .and_then(|abi| abi.name.as_ref())
        .is_some_and(|name| name.value() == "C");
    if !abi_c {
        return Err(Error::new(
            sig.span(),
            "ffi_export: the function must be `extern \"C\"`",
        ));
    }
    if !function
        .attrs
        .iter()
        .any(|a| a.path().is_ident("no_mangle"))
    {
        return Err(Error::new(
            sig.ident.span(),
            "ffi_export: add #[no_mangle] below #[ffi_export] (cbindgen exports only those)",
        ));
    }
    if !sig.ident.to_string().starts_with("paysign_") {
        return Err(Error::new(
            sig.ident.span(),
            "ffi_export: C names start with paysign_",
        ));
    }
    if !matches!(function.vis, syn::Visibility::Public(_)) {
        return Err(Error::new(
            sig.span(),
            "ffi_export: the function must be `pub`",
        ));
    }
    Ok(())
}
