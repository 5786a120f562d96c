//! The desk's words, in Vietnamese and English. They are built into the binary, not read
//! from a theme's i18n files, so that no theme can break the desk. `{…}` marks what is
//! filled in.

use crate::import::{Action, LineKind};
use crate::text::Language;

pub struct Strings {
    pub lang: &'static str,
    pub desk: &'static str,
    pub seeds: &'static str,
    pub seed: &'static str,
    pub status: &'static str,
    pub page: &'static str,
    pub warnings: &'static str,
    pub none: &'static str,
    pub no_seeds: &'static str,
    pub to_check: &'static str,
    pub open_preview: &'static str,
    pub back: &'static str,
    pub read_only: &'static str,
    pub add_heading: &'static str,
    pub add_help: &'static str,
    pub add_label: &'static str,
    pub add_button: &'static str,
    pub fields: &'static str,
    pub field: &'static str,
    pub value: &'static str,
    pub from: &'static str,
    pub sure: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub from_line: &'static str,
    pub from_line_by_sidecar: &'static str,
    pub from_sidecar: &'static str,
    pub lines: &'static str,
    pub line: &'static str,
    pub kind: &'static str,
    pub text: &'static str,
    pub mark: &'static str,
    pub mark_label: &'static str,
    pub preview: &'static str,
    pub preview_title: &'static str,
    pub no_page: &'static str,
    pub failed: &'static str,
    pub edited: &'static str,
    pub correct: &'static str,
    pub correct_help: &'static str,
    pub title: &'static str,
    pub date: &'static str,
    pub date_approximate: &'static str,
    pub date_note: &'static str,
    pub source: &'static str,
    pub authors: &'static str,
    pub authors_help: &'static str,
    pub roles: &'static str,
    pub roles_help: &'static str,
    pub timeline: &'static str,
    pub by_date: &'static str,
    pub save: &'static str,
    pub stale: &'static str,
    pub stale_now: &'static str,
    pub stale_yours: &'static str,
    pub stale_again: &'static str,
    pub no_config: &'static str,
    /// The choices of "this line is …", by the sidecar key each writes.
    pub marks: [(&'static str, &'static str); 8],
}

pub const VI: Strings = Strings {
    lang: "vi",
    desk: "Bàn biên tập",
    seeds: "Bài gốc",
    seed: "Bài gốc",
    status: "Tình trạng",
    page: "Trang",
    warnings: "Cảnh báo",
    none: "—",
    no_seeds: "Chưa có bài gốc nào trong seeds/.",
    to_check: "cần xem lại",
    open_preview: "Mở bản xem trước",
    back: "Về danh sách bài",
    read_only: "Bàn biên tập chỉ cho xem: {why}",
    add_heading: "Thêm bài",
    add_help: "Dán nguyên văn bài báo. Bài được lưu thành một tệp mới trong seeds/ (không ghi đè tệp nào), rồi được nhập vào trang.",
    add_label: "Nguyên văn bài",
    add_button: "Thêm bài",
    fields: "Thông tin đã lấy ra",
    field: "Mục",
    value: "Giá trị",
    from: "Lấy từ",
    sure: "Chắc chắn",
    yes: "có",
    no: "không",
    from_line: "dòng {n}",
    from_line_by_sidecar: "dòng {n}, theo tệp sửa",
    from_sidecar: "tệp sửa",
    lines: "Các dòng của bài gốc",
    line: "Dòng",
    kind: "Loại",
    text: "Nội dung",
    mark: "Ghi",
    mark_label: "Dòng {n} là",
    preview: "Bài như sẽ hiện trên trang",
    preview_title: "Bản xem trước của bài",
    no_page: "Bài này chưa có trang.",
    failed: "Không nhập được bài này:",
    edited: "Trang {page} đã được sửa bằng tay, nên việc nhập bài để nguyên nó. Bàn biên tập không sửa gì có thể ghi đè lên trang đó; muốn nhập lại, hãy xoá hoặc đổi tên trang.",
    correct: "Sửa thông tin",
    correct_help: "Ô để trống: dùng giá trị lấy từ bài gốc (hiện mờ trong ô).",
    title: "Tiêu đề",
    date: "Ngày (2018-10-26, 2018-10 hoặc 2018)",
    date_approximate: "Ngày ước đoán",
    date_note: "Ghi chú về ngày cho người đọc",
    source: "Nguồn",
    authors: "Tác giả",
    authors_help: "mỗi dòng một người",
    roles: "Chức vụ tác giả",
    roles_help: "mỗi dòng: Tên: chức vụ",
    timeline: "Dòng thời gian",
    by_date: "theo ngày của bài",
    save: "Lưu",
    stale: "Tệp sửa {sidecar} đã thay đổi từ lúc trang này được mở (ở thẻ khác, hoặc sửa bằng tay). Không có gì được ghi.",
    stale_now: "Tệp sửa hiện giờ",
    stale_yours: "Thay đổi của bạn",
    stale_again: "Mở lại bài để làm lại thay đổi trên bản mới",
    no_config: "Không đọc được config.toml:",
    marks: [
        ("title_line", "tiêu đề"),
        ("date_line", "ngày đăng"),
        ("source_line", "nguồn"),
        ("author_lines", "một tác giả"),
        ("caption_lines", "chú thích ảnh"),
        ("heading_lines", "tiêu đề mục"),
        ("body_lines", "nội dung bài"),
        ("drop_lines", "rác (bỏ đi)"),
    ],
};

pub const EN: Strings = Strings {
    lang: "en",
    desk: "Editor's desk",
    seeds: "Seeds",
    seed: "Seed",
    status: "Status",
    page: "Page",
    warnings: "Warnings",
    none: "—",
    no_seeds: "There are no seeds in seeds/ yet.",
    to_check: "to check",
    open_preview: "Open the preview",
    back: "Back to the seeds",
    read_only: "The desk is read-only: {why}",
    add_heading: "Add an article",
    add_help: "Paste the article's raw text. It is saved as a new file in seeds/ (no file is ever replaced), then imported.",
    add_label: "The article's raw text",
    add_button: "Add the article",
    fields: "Fields found",
    field: "Field",
    value: "Value",
    from: "From",
    sure: "Sure",
    yes: "yes",
    no: "no",
    from_line: "line {n}",
    from_line_by_sidecar: "line {n}, by the sidecar",
    from_sidecar: "the sidecar",
    lines: "The seed's lines",
    line: "Line",
    kind: "Kind",
    text: "Text",
    mark: "Mark",
    mark_label: "Line {n} is",
    preview: "The article as it will appear",
    preview_title: "Preview of the article",
    no_page: "This seed has no page yet.",
    failed: "This seed could not be imported:",
    edited: "The page {page} was changed by hand, so the import leaves it as it is. The desk offers nothing that would overwrite it; to import again, delete or rename the page.",
    correct: "Correct the fields",
    correct_help: "An empty box: the value found in the seed (shown greyed in the box).",
    title: "Title",
    date: "Date (2018-10-26, 2018-10 or 2018)",
    date_approximate: "The date is an estimate",
    date_note: "A note on the date for readers",
    source: "Source",
    authors: "Authors",
    authors_help: "one per line",
    roles: "Authors' roles",
    roles_help: "one per line: Name: role",
    timeline: "Timeline",
    by_date: "by the article's date",
    save: "Save",
    stale: "The sidecar {sidecar} changed since this page was opened (in another tab, or by hand). Nothing was written.",
    stale_now: "The sidecar now",
    stale_yours: "Your change",
    stale_again: "Open the seed again to redo your change on the new version",
    no_config: "config.toml could not be read:",
    marks: [
        ("title_line", "the title"),
        ("date_line", "the date"),
        ("source_line", "the source"),
        ("author_lines", "an author"),
        ("caption_lines", "a caption"),
        ("heading_lines", "a heading"),
        ("body_lines", "body text"),
        ("drop_lines", "debris (drop it)"),
    ],
};

pub fn for_language(language: Language) -> &'static Strings {
    match language {
        Language::Vietnamese => &VI,
        Language::English => &EN,
    }
}

impl Strings {
    /// How the list names a seed's status.
    pub fn action(&self, action: Action) -> &'static str {
        let vi = self.lang == "vi";
        match action {
            Action::Written | Action::WouldWrite if vi => "sẽ ghi khi dựng lại trang",
            Action::Written | Action::WouldWrite => "written on the next rebuild",
            Action::Unchanged if vi => "đã nhập, không đổi",
            Action::Unchanged => "imported, unchanged",
            Action::KeptEditorsVersion | Action::OverwroteEditorsVersion if vi => {
                "giữ bản đã sửa tay"
            }
            Action::KeptEditorsVersion | Action::OverwroteEditorsVersion => "kept as edited",
            Action::Skipped | Action::Removed | Action::WouldRemove if vi => "bỏ qua",
            Action::Skipped | Action::Removed | Action::WouldRemove => "skipped",
            Action::Failed if vi => "lỗi",
            Action::Failed => "failed",
        }
    }

    /// How the desk names the kind the importer gave a line: what is kept, or which kind of
    /// debris is dropped.
    pub fn kind(&self, kind: LineKind) -> String {
        if self.lang != "vi" {
            return match kind {
                LineKind::Body | LineKind::Heading | LineKind::Caption | LineKind::Title => {
                    kind.words().to_owned()
                }
                _ => format!("dropped: {}", kind.words()),
            };
        }
        let words = match kind {
            LineKind::Title => return "tiêu đề".to_owned(),
            LineKind::Body => return "nội dung".to_owned(),
            LineKind::Heading => return "tiêu đề mục".to_owned(),
            LineKind::Caption => return "chú thích ảnh".to_owned(),
            LineKind::HeaderDate => "ngày ở đầu trang báo",
            LineKind::ArticleDate => "ngày đăng",
            LineKind::ShareLinks => "liên kết chia sẻ",
            LineKind::SourceLine => "nguồn",
            LineKind::Author => "tác giả",
            LineKind::AuthorRole => "chức vụ tác giả",
            LineKind::AltText => "chữ thay ảnh",
            LineKind::RepeatedLead => "đoạn mở đầu lặp lại",
            LineKind::Footer => "tin liên quan cuối trang",
            LineKind::DroppedBySidecar => "tệp sửa bảo bỏ",
            LineKind::Widget => "chữ của tiện ích trang",
            LineKind::ViewCount => "số lượt xem",
            LineKind::Tags => "từ khoá",
            LineKind::Breadcrumb => "đường dẫn chuyên mục",
            LineKind::Label => "nhãn chuyên mục",
            LineKind::SitePattern => "mẫu bỏ của trang",
            LineKind::BylineAndDate => "tác giả và ngày",
        };
        format!("bỏ: {words}")
    }

    /// A string with `{name}` replaced.
    pub fn fill(template: &str, name: &str, value: &str) -> String {
        template.replace(&format!("{{{name}}}"), value)
    }
}
