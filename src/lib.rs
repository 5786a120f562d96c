//! biennien: a static site generator for an organisation-history microsite.
//! The stages, in the order data flows: `config` → `content` → `render` and `search` →
//! `output`, driven by `site`; `text` and `error` serve them all.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod import;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
