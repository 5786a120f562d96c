//! biennien: a static site generator for an organisation-history microsite.
//! The stages, in the order data flows: `config` → `content` → `render` and `search` →
//! `output`, driven by `site`; `text` and `error` serve them all.

pub mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod files;
pub mod import;
pub mod output;
pub mod photos;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod urls;

/// A value's hash as one number: what the caches and fingerprints compare between builds.
pub(crate) fn hash_of(value: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}
