//! Listings cut into pages: what a template's `paginator` holds, and where each page lives
//! (`2017-hoi-nghi/`, `2017-hoi-nghi/trang/2/`, …).

use std::collections::BTreeMap;

use tera::Value;

use crate::config::BaseUrl;

use crate::urls::PAGER_SEGMENT;

/// How many pages around the current one get a link of their own (besides the first and
/// the last).
const NEAR: usize = 2;

/// How many pages a listing of `items` entries takes; an empty one still has its first.
pub fn pager_count(items: usize, paginate_by: usize) -> usize {
    items.div_ceil(paginate_by).max(1)
}

/// The URL path of a listing's page: the listing itself, then `trang/2/`, `trang/3/`, …
pub fn pager_path(base: &str, pager: usize) -> String {
    if pager == 0 {
        base.to_owned()
    } else {
        format!("{base}{PAGER_SEGMENT}/{}/", pager + 1)
    }
}

/// One page (`pager`, from 0) of the listing at `base`: its items, where it stands, and
/// links to a few pages around it, not all of them (a 10,000-article archive has 500
/// pages). A pager after skipped numbers says so (`gap_before`), for the theme's `…`.
pub fn paginator(
    base_url: &BaseUrl,
    paginate_by: usize,
    base: &str,
    pager: usize,
    items: &[Value],
) -> Value {
    let count = pager_count(items.len(), paginate_by);
    let start = (pager * paginate_by).min(items.len());
    let end = (start + paginate_by).min(items.len());
    let link = |p: usize| Value::from(base_url.path_to(&pager_path(base, p)));
    let shown = shown_pagers(pager, count);
    let pagers: Vec<Value> = shown
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let gap_before = i > 0 && shown[i - 1] + 1 != p;
            Value::from(BTreeMap::from([
                ("number", Value::from(p + 1)),
                ("path", link(p)),
                ("current", Value::from(p == pager)),
                ("gap_before", Value::from(gap_before)),
            ]))
        })
        .collect();
    let optional = |p: Option<usize>| p.map(link).unwrap_or_else(Value::none);
    Value::from(BTreeMap::from([
        ("items", Value::from(items[start..end].to_vec())),
        ("first_number", Value::from(start + 1)),
        ("total_items", Value::from(items.len())),
        ("current_index", Value::from(pager + 1)),
        ("number_pagers", Value::from(count)),
        ("previous", optional(pager.checked_sub(1))),
        ("next", optional((pager + 1 < count).then_some(pager + 1))),
        ("pagers", Value::from(pagers)),
    ]))
}

/// The pagers linked from `pager` of `count`: the first, the last and those near it.
fn shown_pagers(pager: usize, count: usize) -> Vec<usize> {
    (0..count)
        .filter(|&p| p.abs_diff(pager) <= NEAR || p == 0 || p + 1 == count)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaps(pager: usize, count: usize) -> String {
        let base = BaseUrl::parse("https://example.org/").unwrap();
        let items = vec![Value::from(0); count];
        let value = paginator(&base, 1, "a/", pager, &items);
        let pagers = value.get_from_path("pagers").unwrap().as_array().unwrap();
        pagers
            .iter()
            .map(|p| {
                let number = p.get_from_path("number").unwrap().to_string();
                let gap = p.get_from_path("gap_before").unwrap().as_bool().unwrap();
                if gap { format!("… {number}") } else { number }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn skipped_pages_are_marked_as_a_gap() {
        assert_eq!(gaps(0, 6), "1 2 3 … 6");
        assert_eq!(gaps(5, 6), "1 … 4 5 6");
        assert_eq!(gaps(4, 10), "1 … 3 4 5 6 7 … 10");
        // Nothing skipped, no gap: 1 and 2 are neighbours.
        assert_eq!(gaps(3, 6), "1 2 3 4 5 6");
        assert_eq!(gaps(0, 1), "1");
    }
}
