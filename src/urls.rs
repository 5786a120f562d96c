//! Every path the site makes beside its pages and sections, in one place: the stages that
//! write them, link to them and check that no page is in their way all read them here.

/// The search page and its index (`search/meta.json`, `search/terms/…`, `search/docs/…`).
pub const SEARCH_PATH: &str = "search/";
/// The chronology: articles and the documents they cite, in date order.
pub const CHRONOLOGY_PATH: &str = "bien-nien/";
/// The documents register and its entries.
pub const DOCUMENTS_PATH: &str = "van-ban/";
/// The people register and its entries.
pub const PEOPLE_PATH: &str = "nhan-vat/";
/// Later pages of a listing: `2017-hoi-nghi/trang/2/`.
pub const PAGER_SEGMENT: &str = "trang";
/// Where the photos' sizes are published (see `photos`).
pub const PHOTOS_PATH: &str = "photos/";
