//! The workspace's `uniffi-bindgen`, with the uniffi version of the library.

fn main() {
    uniffi::uniffi_bindgen_main()
}
