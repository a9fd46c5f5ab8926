//! Laravel's paginated resource envelope (`data`, `links`, `meta`), reproduced field for field,
//! including `UrlWindow`'s choice of page links, so clients meet the real server's shapes.

use std::ops::RangeInclusive;

use serde_json::{Value, json};

/// `per_page` when the request does not name a usable one (the contract's documented default).
pub(crate) const DEFAULT_PER_PAGE: u64 = 25;

/// Laravel's `onEachSide` default: pages shown either side of the current one in a long list.
const ON_EACH_SIDE: u64 = 3;

/// Which slice of a list a request asked for, already normalised the way Laravel would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageRequest {
    /// 1-based; may lie past the last page (that page is then empty).
    pub page: u64,
    /// At least 1.
    pub per_page: u64,
}

impl PageRequest {
    /// Reads `page` and `per_page` query values. Anything that is not an integer falls back to the
    /// default (Laravel's `resolveCurrentPage` does this for `page`); `per_page` is then clamped to
    /// `[1, max_per_page]` like servers that cap it.
    pub fn from_query(page: Option<&str>, per_page: Option<&str>, max_per_page: u32) -> Self {
        let page = page
            .and_then(php_int)
            .filter(|p| *p >= 1)
            .map_or(1, |p| p.unsigned_abs());
        let max = u64::from(max_per_page.max(1));
        let per_page = per_page
            .and_then(php_int)
            .map_or(DEFAULT_PER_PAGE, |n| u64::try_from(n).unwrap_or(0))
            .clamp(1, max);
        Self { page, per_page }
    }

    /// Index of the first item of this page; `None` when it lies beyond anything addressable
    /// (such a page is simply empty).
    pub fn offset(&self) -> Option<usize> {
        let skip = self.page.saturating_sub(1).checked_mul(self.per_page)?;
        usize::try_from(skip).ok()
    }

    /// Items per page as a `usize` (saturating; a page can never hold more than exists).
    pub fn limit(&self) -> usize {
        usize::try_from(self.per_page).unwrap_or(usize::MAX)
    }
}

/// PHP's `filter_var($v, FILTER_VALIDATE_INT)`: optional surrounding whitespace, optional sign,
/// digits without leading zeros, within i64. Laravel reads query integers this way.
pub(crate) fn php_int(raw: &str) -> Option<i64> {
    let s = raw.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\0'));
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    s.parse().ok()
}

/// One run of `UrlWindow`'s output: a range of page links, or the "..." separator.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    Pages(RangeInclusive<u64>),
    Dots,
}

/// Laravel's `UrlWindow::get` + `AbstractPaginator::elements` for `onEachSide = 3`.
fn url_window(current: u64, last: u64) -> Vec<Element> {
    use Element::{Dots, Pages};
    if last < ON_EACH_SIDE * 2 + 8 {
        return vec![Pages(1..=last)];
    }
    let window = ON_EACH_SIDE + 4;
    if current <= window {
        vec![
            Pages(1..=window + ON_EACH_SIDE),
            Dots,
            Pages(last - 1..=last),
        ]
    } else if current > last - window {
        vec![
            Pages(1..=2),
            Dots,
            Pages(last - (window + ON_EACH_SIDE - 1)..=last),
        ]
    } else {
        vec![
            Pages(1..=2),
            Dots,
            Pages(current - ON_EACH_SIDE..=current + ON_EACH_SIDE),
            Dots,
            Pages(last - 1..=last),
        ]
    }
}

/// The whole paginated answer for one page of `data` out of `total` items.
/// `path` is the absolute URL of the list without a query (Laravel's `$request->url()`).
pub(crate) fn envelope(data: Vec<Value>, total: u64, req: PageRequest, path: &str) -> Value {
    let (links, meta) = links_and_meta(data.len(), total, req, path);
    json!({"data": data, "links": links, "meta": meta})
}

/// The same answer around items of any serialisable type, written without a `Value` for the items.
#[derive(serde::Serialize)]
pub(crate) struct Envelope<T> {
    data: Vec<T>,
    links: Value,
    meta: Value,
}

pub(crate) fn typed_envelope<T>(
    data: Vec<T>,
    total: u64,
    req: PageRequest,
    path: &str,
) -> Envelope<T> {
    let (links, meta) = links_and_meta(data.len(), total, req, path);
    Envelope { data, links, meta }
}

/// `links` and `meta` for a page of `count` items out of `total`.
fn links_and_meta(count: usize, total: u64, req: PageRequest, path: &str) -> (Value, Value) {
    let per_page = req.per_page.max(1);
    let current = req.page.max(1);
    let last_page = total.div_ceil(per_page).max(1);
    let url = |page: u64| format!("{path}?page={}", page.max(1));

    let count = count as u64;
    let from = (count > 0).then(|| (current - 1).saturating_mul(per_page).saturating_add(1));
    let to = from.map(|f| f.saturating_add(count - 1));
    let prev = (current > 1).then(|| url(current - 1));
    let next = (current < last_page).then(|| url(current + 1));

    let mut links = vec![json!({"url": prev, "label": "pagination.previous", "active": false})];
    for element in url_window(current, last_page) {
        match element {
            Element::Dots => links.push(json!({"url": null, "label": "...", "active": false})),
            Element::Pages(range) => links.extend(range.map(|page| {
                json!({"url": url(page), "label": page.to_string(), "active": page == current})
            })),
        }
    }
    links.push(json!({"url": next, "label": "pagination.next", "active": false}));

    (
        json!({"first": url(1), "last": url(last_page), "prev": prev, "next": next}),
        json!({
            "current_page": current,
            "from": from,
            "last_page": last_page,
            "links": links,
            "path": path,
            "per_page": per_page,
            "to": to,
            "total": total,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "https://vms.local/api/v1/intercom/codes";

    fn labels(page: &Value) -> Vec<String> {
        page["meta"]["links"]
            .as_array()
            .map(|links| {
                links
                    .iter()
                    .map(|l| l["label"].as_str().unwrap_or("?").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn req(page: u64, per_page: u64) -> PageRequest {
        PageRequest { page, per_page }
    }

    #[test]
    fn single_item_matches_the_contract_example() {
        let page = envelope(vec![json!({"id": 1})], 1, req(1, 25), PATH);
        let expected = json!({
            "data": [{"id": 1}],
            "links": {"first": "https://vms.local/api/v1/intercom/codes?page=1",
                      "last": "https://vms.local/api/v1/intercom/codes?page=1", "prev": null, "next": null},
            "meta": {"current_page": 1, "from": 1, "last_page": 1,
                     "links": [{"url": null, "label": "pagination.previous", "active": false},
                               {"url": "https://vms.local/api/v1/intercom/codes?page=1", "label": "1", "active": true},
                               {"url": null, "label": "pagination.next", "active": false}],
                     "path": "https://vms.local/api/v1/intercom/codes", "per_page": 25, "to": 1, "total": 1}
        });
        assert_eq!(page, expected);
    }

    #[test]
    fn empty_list_still_has_one_page() {
        let page = envelope(vec![], 0, req(1, 25), PATH);
        assert_eq!(page["meta"]["last_page"], 1);
        assert_eq!(page["meta"]["from"], Value::Null);
        assert_eq!(page["meta"]["to"], Value::Null);
        assert_eq!(page["data"], json!([]));
        assert_eq!(
            labels(&page),
            ["pagination.previous", "1", "pagination.next"]
        );
    }

    #[test]
    fn middle_page_has_prev_next_and_item_numbers() {
        let data = (0..10).map(|i| json!(i)).collect();
        let page = envelope(data, 35, req(2, 10), PATH);
        assert_eq!(page["meta"]["from"], 11);
        assert_eq!(page["meta"]["to"], 20);
        assert_eq!(page["meta"]["last_page"], 4);
        assert_eq!(page["links"]["prev"], format!("{PATH}?page=1"));
        assert_eq!(page["links"]["next"], format!("{PATH}?page=3"));
        assert_eq!(page["links"]["last"], format!("{PATH}?page=4"));
        let active: Vec<&Value> = page["meta"]["links"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|l| l["active"] == true)
            .collect();
        assert_eq!(active.len(), 1);
        assert_eq!(active[0]["label"], "2");
    }

    #[test]
    fn page_past_the_end_is_empty_with_null_bounds() {
        let page = envelope(vec![], 30, req(9, 25), PATH);
        assert_eq!(page["meta"]["current_page"], 9);
        assert_eq!(page["meta"]["from"], Value::Null);
        assert_eq!(page["meta"]["to"], Value::Null);
        assert_eq!(page["links"]["next"], Value::Null);
        assert_eq!(page["links"]["prev"], format!("{PATH}?page=8"));
        assert_eq!(
            labels(&page),
            ["pagination.previous", "1", "2", "pagination.next"]
        );
    }

    #[test]
    fn thirteen_pages_are_all_listed() {
        let page = envelope(vec![json!(0)], 13, req(7, 1), PATH);
        let expected: Vec<String> = std::iter::once("pagination.previous".to_owned())
            .chain((1..=13).map(|p| p.to_string()))
            .chain(std::iter::once("pagination.next".to_owned()))
            .collect();
        assert_eq!(labels(&page), expected);
    }

    #[test]
    fn long_lists_use_laravels_url_window() {
        let shape = |current: u64| {
            let page = envelope(vec![json!(0)], 50, req(current, 1), PATH);
            labels(&page)[1..].join(" ").replace(" pagination.next", "")
        };
        assert_eq!(shape(1), "1 2 3 4 5 6 7 8 9 10 ... 49 50");
        assert_eq!(shape(7), "1 2 3 4 5 6 7 8 9 10 ... 49 50");
        assert_eq!(shape(8), "1 2 ... 5 6 7 8 9 10 11 ... 49 50");
        assert_eq!(shape(43), "1 2 ... 40 41 42 43 44 45 46 ... 49 50");
        assert_eq!(shape(44), "1 2 ... 41 42 43 44 45 46 47 48 49 50");
        assert_eq!(shape(50), "1 2 ... 41 42 43 44 45 46 47 48 49 50");
        // Fourteen pages is the first size that gets a window.
        let page = envelope(vec![json!(0)], 14, req(1, 1), PATH);
        assert!(labels(&page).contains(&"...".to_owned()));
    }

    #[test]
    fn dots_have_no_url() {
        let page = envelope(vec![json!(0)], 50, req(20, 1), PATH);
        for link in page["meta"]["links"].as_array().into_iter().flatten() {
            if link["label"] == "..." {
                assert_eq!(link["url"], Value::Null);
                assert_eq!(link["active"], false);
            }
        }
    }

    #[test]
    fn query_values_fall_back_and_clamp() {
        assert_eq!(PageRequest::from_query(None, None, 100), req(1, 25));
        assert_eq!(
            PageRequest::from_query(Some("3"), Some("10"), 100),
            req(3, 10)
        );
        assert_eq!(
            PageRequest::from_query(Some("abc"), Some("x"), 100),
            req(1, 25)
        );
        assert_eq!(
            PageRequest::from_query(Some("0"), Some("0"), 100),
            req(1, 1)
        );
        assert_eq!(
            PageRequest::from_query(Some("-2"), Some("-5"), 100),
            req(1, 1)
        );
        assert_eq!(
            PageRequest::from_query(Some(" 2 "), Some("500"), 100),
            req(2, 100)
        );
        assert_eq!(
            PageRequest::from_query(Some("02"), Some("1.5"), 100),
            req(1, 25)
        );
        assert_eq!(PageRequest::from_query(Some(""), Some(""), 100), req(1, 25));
        assert_eq!(
            PageRequest::from_query(Some("99999999999999999999"), None, 100),
            req(1, 25)
        );
    }

    #[test]
    fn huge_pages_do_not_overflow() {
        let r = PageRequest::from_query(Some(&i64::MAX.to_string()), Some("100"), 100);
        assert_eq!(r.page, i64::MAX as u64);
        let _ = r.offset();
        let page = envelope(vec![], 3, r, PATH);
        assert_eq!(page["meta"]["from"], Value::Null);
    }
}
