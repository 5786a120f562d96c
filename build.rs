//! Links the programs as position-dependent executables on Linux. A position-independent
//! one spends about 12 ms of every start applying some 47,000 relocations to 10 MB of
//! tables (templates, Unicode, HTML entities) — more than a seed-site build's rendering.
//! The cost is address randomisation of the program's own code; libraries keep theirs.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
