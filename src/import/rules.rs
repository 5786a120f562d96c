//! The importer's rules as data: the forms of page furniture, bylines and sources that
//! Vietnamese news pages print, each a pattern over a whole (space-cleaned) line. A new
//! outlet's form is one line here and one article in `tests/corpus/`. A site adds its own
//! lines to drop with `[import] drop_patterns` in `config.toml`.

use std::sync::LazyLock;

use regex::Regex;

use super::classify::LineKind;

/// Whole lines that are page furniture, with the kind the report gives them.
const DEBRIS: &[(LineKind, &str)] = &[
    (
        LineKind::ShareLinks,
        r"(?i)^((gửi bài này|in bài này|in bài viết|chia sẻ|bình luận|facebook|zalo|twitter|email)[\s|,:·-]*)+$",
    ),
    // A site's widgets: text size, listen, save, print, a news ticker, a loading mark.
    (
        LineKind::Widget,
        r"(?i)^[•·\s]*(breaking news|loading\.*|xem phản hồi|gửi phản hồi|trả lời|nghe|nghe bài viết|đọc bài|lưu|lưu bài|in|bản in|a-\s*a\+|a\+\s*a-|cỡ chữ|xem tất cả|xem thêm|theo dõi|quảng cáo|banner)\s*$",
    ),
    (
        LineKind::ViewCount,
        r"(?i)^[•·\s]*(?:lượt xem|lượt đọc)?\s*:?\s*[0-9][0-9.,]*\s*(?:lượt xem|lượt đọc|views?|lượt)\s*$|^[•·\s]*(?:lượt xem|lượt đọc)\s*:?\s*[0-9][0-9.,]*\s*$",
    ),
    (
        LineKind::Tags,
        r"(?i)^[•·\s]*(từ khóa|từ khoá|tags?|thẻ|chủ đề)\s*(:|$)",
    ),
    (LineKind::Breadcrumb, r"^[•·\s]*(Trang chủ|Trang nhất)\b"),
    // A line of punctuation alone: a page's separator.
    (LineKind::Widget, r"^[\s.•·|,;:*_=~-]+$"),
    // An image's file name, or its alt text written as a slug, left on its own line.
    (LineKind::AltText, r"^[a-z0-9]+(?:[ -][a-z0-9]+){4,}$"),
    (LineKind::AltText, r"(?i)^[\w.-]+\.(jpe?g|png|gif|webp)$"),
];

/// Headings of the related-articles block that ends an article: it and everything after
/// it are dropped.
pub const FOOTER: &str = r"(?i)^[•·\s]*(email của bạn sẽ không được hiển thị.*|để lại bình luận|gửi bình luận|ý kiến bạn đọc|các tin khác|tin khác|tin liên quan|các bài viết khác|bài viết liên quan|bài liên quan|tin cùng chuyên mục|bài cùng chuyên mục|xem thêm|video|đọc thêm|tin mới nhất|tin đọc nhiều|tin tức liên quan|có thể bạn quan tâm|tin nổi bật)\s*:?$";

/// Words a date line carries beside its date and time: what is left when they are gone is
/// nothing, on a line that is only the article's date.
pub const DATE_LINE_FILLER: &str = r"(?i)cập nhật|ngày đăng|đăng lúc|đăng ngày|xuất bản|publish date|posted|lúc|ngày|tháng|năm|gmt\s*\+\s*[0-9]+|gửi bài này|in bài này|chia sẻ|bình luận|lượt xem|lượt đọc|thứ\s+(hai|ba|tư|năm|sáu|bảy)|thứ\s*[2-7]|chủ\s+nhật|sáng|chiều|tối|\b(am|pm|sa|ch)\b|[0-9]|[^\p{L}]";

/// Words of a photo's caption: a line of its own that holds them, and is one short sentence
/// or unpunctuated, is a caption.
pub const CAPTION_CUE: &str = r"(?i)phát biểu|toàn cảnh|quang cảnh|chụp ảnh|tặng hoa|tặng lẵng hoa|trao tặng|trao cờ|trao (bằng khen|giấy khen|huy hiệu|quyết định)|dự và (chỉ đạo|phát biểu)|tại buổi làm việc|chủ trì hội nghị|các đại biểu (tham )?dự|đại biểu dự|trang hoàng";

/// A sentence that opens with these words and a comma reports what someone said: text,
/// not a caption, though it names a speech.
pub const SPEECH: &str = r"^(?:(?:Phát biểu|Chia sẻ|Trao đổi)[^,.]*,|(?:Bài )?[Pp]hát biểu của )";

/// Printed glued to a headline by the page, not part of it: a machine date token before it.
pub const GLUED_TO_HEADLINE: &str = r"^\s*date\s+[0-9]{4}-[0-9]{2}-[0-9]{2}\s+";

/// The page's date and time in brackets after a headline: the article's, cut off the title.
pub const HEADLINE_DATE: &str =
    r"\s*\(([0-9]{1,2}/[0-9]{1,2}/[0-9]{4}(?:\s+[0-9]{1,2}:[0-9]{2})?)\)\s*$";

/// Written before a name in a byline: degrees and titles (`ThS. Ngô Bá Cường`).
pub const BYLINE_PREFIX: &str =
    r"^(?:(?:PGS|GS|TS|ThS|Th\.S|CN|KS|BS|NCS|Đại tá|Thượng tá|Trung tá)\.?\s*)+";

/// Widget words a page glued onto the end of a byline (`Thu HằngXem phản hồi`).
pub const GLUED_TO_BYLINE: &str = r"(?:Xem phản hồi|Gửi phản hồi|Chia sẻ|Bình luận)$";

/// The kind of page furniture a line is, by the table and the site's own patterns.
pub fn debris_kind(text: &str, site_patterns: &[Regex]) -> Option<LineKind> {
    static COMPILED: LazyLock<Vec<(LineKind, Regex)>> = LazyLock::new(|| {
        DEBRIS
            .iter()
            .map(|(kind, pattern)| (*kind, Regex::new(pattern).expect("debris pattern")))
            .collect()
    });
    if site_patterns.iter().any(|p| p.is_match(text)) {
        return Some(LineKind::SitePattern);
    }
    COMPILED
        .iter()
        .find(|(_, pattern)| pattern.is_match(text))
        .map(|(kind, _)| *kind)
}
