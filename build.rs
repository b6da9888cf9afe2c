//! Link-time settings of the `escala` binary that depend on the system it is
//! built on.
//!
//! Packed relative relocations (`-z pack-relative-relocs`, DT_RELR): the
//! binary is position-independent, and its ~100 000 relative relocations
//! take 2.4 MB as classic `.rela.dyn` entries, which the loader reads at
//! every start and which then stay resident. Packed, they take a few
//! kilobytes. It needs a linker that knows the option and a C library that
//! reads the packed form (glibc 2.36+), so the build tries it first and
//! links the classic way when it fails.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let native = var("TARGET") == var("HOST");
    if !native || var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_string());
    if links_with_packed_relocations(&linker) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether `linker` links a position-independent C program with packed
/// relative relocations, for this system's C library.
fn links_with_packed_relocations(linker: &str) -> bool {
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let (source, program) = (out.join("relr_probe.c"), out.join("relr_probe"));
    if std::fs::write(&source, "int main(void) { return 0; }\n").is_err() {
        return false;
    }
    let linked = Command::new(linker)
        .args(["-pie", "-fPIE", "-Wl,-z,pack-relative-relocs", "-Wl,--fatal-warnings", "-o"])
        .arg(&program)
        .arg(&source)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    // The probe must also run: a C library without DT_RELR support refuses
    // to load it.
    linked && Command::new(&program).status().is_ok_and(|status| status.success())
}
