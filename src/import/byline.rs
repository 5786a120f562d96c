//! Bylines in the forms pages print them: a name (`Sơn Minh Thắng`), initials (`N.Đ |`),
//! capitals (`THANH HOÀNG`), several names (`Ngọc Hà - Đặng Dũng`), a name with a degree
//! and a role (`ThS. Ngô Bá Cường - Trưởng khoa Xây dựng Đảng`) or a unit (`Thu Hằng/Trung
//! tâm VHTT-TT huyện Yên Lạc`), `Bài và ảnh: …`. Each gives names, each with its role.

use std::sync::LazyLock;

use regex::Regex;

use super::classify::{is_initials, is_person_name};
use super::head::is_capitals_name;
use super::rules;

static PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(rules::BYLINE_PREFIX).expect("byline prefix"));
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(rules::GLUED_TO_BYLINE).expect("glued to byline"));
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:bài(?: và ảnh)?|ảnh và bài|tin(?: và ảnh)?|nhóm phóng viên)\s*:\s*")
        .expect("credit pattern")
});

/// Whether a line opens with a degree or rank, as only bylines do among short lines.
pub fn has_degree(line: &str) -> bool {
    PREFIX.is_match(line.trim())
}

/// A byline's names, each with its role or unit; `None` when the line is not a byline.
pub fn byline_names(line: &str) -> Option<Vec<(String, Option<String>)>> {
    let text = line.trim().trim_end_matches(['|', ' ']);
    let text = GLUED.replace(text, "");
    let text = CREDIT.replace(&text, "");
    let text = PREFIX.replace(&text, "");
    let text = text.trim();
    let is_name = |s: &str| is_person_name(s) || is_initials(s) || is_capitals_name(s);
    if is_name(text) {
        return Some(vec![(text.to_owned(), None)]);
    }
    // A name and its unit: `Thu Hằng/Trung tâm …`.
    if let Some((name, unit)) = text.split_once('/')
        && is_name(name.trim())
        && !unit.trim().is_empty()
    {
        return Some(vec![(name.trim().to_owned(), Some(unit.trim().to_owned()))]);
    }
    let parts: Vec<&str> = text
        .split(" - ")
        .flat_map(|p| p.split(" – "))
        .flat_map(|p| p.split(", "))
        .flat_map(|p| p.split(" và "))
        .map(str::trim)
        .collect();
    if parts.len() > 1 && parts.iter().all(|p| is_name(p)) {
        return Some(parts.iter().map(|p| (p.to_string(), None)).collect());
    }
    // A name and its role after a dash: `Ngô Bá Cường- Trưởng khoa Xây dựng Đảng`.
    let (name, role) = text.split_once("- ").or_else(|| text.split_once("– "))?;
    let name = name.trim();
    let role = role.trim();
    (is_person_name(name) && !role.is_empty() && !role.ends_with('.'))
        .then(|| vec![(name.to_owned(), Some(role.to_owned()))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, Option<String>)> {
        byline_names(line).unwrap_or_default()
    }

    #[test]
    fn the_printed_forms() {
        let plain = |n: &str| vec![(n.to_owned(), None)];
        assert_eq!(names("Sơn Minh Thắng"), plain("Sơn Minh Thắng"));
        assert_eq!(names("N.Đ |"), plain("N.Đ"));
        assert_eq!(names("THANH HOÀNG"), plain("THANH HOÀNG"));
        assert_eq!(names("Bài và ảnh: Lê Minh"), plain("Lê Minh"));
        assert_eq!(
            names("Ngọc Hà - Đặng Dũng"),
            [("Ngọc Hà".to_owned(), None), ("Đặng Dũng".to_owned(), None)]
        );
        assert_eq!(
            names("ThS. Ngô Bá Cường- Trưởng khoa Xây dựng Đảng"),
            [(
                "Ngô Bá Cường".to_owned(),
                Some("Trưởng khoa Xây dựng Đảng".to_owned())
            )]
        );
        assert_eq!(
            names("Thu Hằng/Trung tâm VHTT-TT huyện Yên LạcXem phản hồi"),
            [(
                "Thu Hằng".to_owned(),
                Some("Trung tâm VHTT-TT huyện Yên Lạc".to_owned())
            )]
        );
    }

    #[test]
    fn text_is_no_byline() {
        for line in [
            "Hội nghị tổng kết công tác năm 2020",
            "Quang cảnh hội nghị.",
            "KẾT QUẢ NỔI BẬT CỦA NHIỆM KỲ",
            "Đồng chí Nguyễn Văn A - Bí thư Tỉnh ủy phát biểu.",
        ] {
            assert_eq!(byline_names(line), None, "{line}");
        }
    }
}
