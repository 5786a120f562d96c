//! Links the programs as position-dependent executables on Linux. A position-independent
//! one spends about 10 ms of every start copying and relocating 10 MB of tables (templates,
//! Unicode, HTML entities): more than a seed-site build's rendering. Packed relocations
//! (`-z pack-relative-relocs`) do not help: the time goes to the pages written, not the
//! relocation records. The cost is address randomisation of the program's own code;
//! libraries keep theirs. Static builds (`crt-static`, linked `-static-pie`) are left alone.

fn main() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let static_crt = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" && !static_crt
    {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
