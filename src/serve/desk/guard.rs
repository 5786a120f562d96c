//! What the desk refuses, before anything is read or written: a request whose `Host` is not
//! this computer's (DNS rebinding), a write without the desk's token and `Origin`, a write
//! when the server listens beyond loopback, a body too large or not UTF-8, and any seed name
//! that is not in the desk's own listing of `seeds/`.

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Desk;
use crate::import::{self, SEEDS_DIR};
use crate::text::percent_decode;

/// The largest body a write may carry: a long article is a few hundred kilobytes.
pub const MAX_BODY: usize = 1024 * 1024;

/// Why a request was refused; answered with a 4xx and a message, and nothing written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    ForeignHost(String),
    ReadOnly(String),
    NoOrigin,
    ForeignOrigin(String),
    BadToken,
    TooLarge,
    NotUtf8,
    BadForm,
    NoSuchSeed(String),
    SidecarIsLink(String),
    /// Anything else, already in words (a sidecar that would not read, an identical paste).
    Other(StatusCode, String),
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::ForeignHost(_) | Refusal::BadForm | Refusal::NotUtf8 => {
                StatusCode::BAD_REQUEST
            }
            Refusal::ReadOnly(_)
            | Refusal::NoOrigin
            | Refusal::ForeignOrigin(_)
            | Refusal::BadToken
            | Refusal::SidecarIsLink(_) => StatusCode::FORBIDDEN,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::NoSuchSeed(_) => StatusCode::NOT_FOUND,
            Refusal::Other(status, _) => *status,
        }
    }

    pub fn message(&self, vi: bool) -> String {
        let pick = |v: &str, e: &str| if vi { v.to_owned() } else { e.to_owned() };
        match self {
            Refusal::ForeignHost(host) => {
                if vi {
                    format!(
                        "Bàn biên tập chỉ trả lời địa chỉ của máy này (127.0.0.1, localhost, [::1]), không trả lời Host `{host}`."
                    )
                } else {
                    format!(
                        "The desk answers only this computer's addresses (127.0.0.1, localhost, [::1]), not the Host `{host}`."
                    )
                }
            }
            Refusal::ReadOnly(why) => {
                if vi {
                    format!("Bàn biên tập chỉ cho xem: {why}")
                } else {
                    format!("The desk is read-only: {why}")
                }
            }
            Refusal::NoOrigin => pick(
                "Yêu cầu ghi không có Origin; chỉ các trang của bàn biên tập được ghi.",
                "A write without an Origin is refused; only the desk's own pages may write.",
            ),
            Refusal::ForeignOrigin(origin) => {
                if vi {
                    format!(
                        "Yêu cầu ghi đến từ `{origin}`, không phải từ bàn biên tập; không có gì được ghi."
                    )
                } else {
                    format!(
                        "The write came from `{origin}`, not from the desk; nothing was written."
                    )
                }
            }
            Refusal::BadToken => pick(
                "Thiếu hoặc sai mã của bàn biên tập (máy chủ đã khởi động lại?): tải lại trang rồi làm lại.",
                "The desk's token is missing or wrong (was the server restarted?): reload the page and try again.",
            ),
            Refusal::TooLarge => pick(
                "Nội dung gửi lên lớn hơn 1 MB.",
                "The body is larger than 1 MB.",
            ),
            Refusal::NotUtf8 => pick(
                "Nội dung gửi lên không phải văn bản UTF-8.",
                "The body is not UTF-8 text.",
            ),
            Refusal::BadForm => pick(
                "Biểu mẫu gửi lên không đọc được.",
                "The form sent could not be read.",
            ),
            Refusal::NoSuchSeed(name) => {
                if vi {
                    format!(
                        "Không có bài gốc `{name}`: bàn biên tập chỉ mở các tệp .txt nằm ngay trong seeds/, không mở liên kết tượng trưng."
                    )
                } else {
                    format!(
                        "There is no seed `{name}`: the desk opens only the .txt files directly in seeds/, not symbolic links."
                    )
                }
            }
            Refusal::SidecarIsLink(sidecar) => {
                if vi {
                    format!(
                        "{sidecar} là một liên kết tượng trưng; bàn biên tập không ghi vào đó. Thay nó bằng một tệp thật."
                    )
                } else {
                    format!(
                        "{sidecar} is a symbolic link; the desk does not write it. Replace it with a plain file."
                    )
                }
            }
            Refusal::Other(_, message) => message.clone(),
        }
    }

    pub fn respond(&self, vi: bool) -> Response {
        let mut response = (self.status(), self.message(vi)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }
}

/// The `Host` a request names, when it is this computer at the desk's port.
pub fn check_host(headers: &HeaderMap, port: u16) -> Result<(), Refusal> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let ours = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host.eq_ignore_ascii_case(&format!("{name}:{port}")));
    if ours {
        Ok(())
    } else {
        Err(Refusal::ForeignHost(host.chars().take(100).collect()))
    }
}

/// A write's checks: the desk writes at all, the request comes from one of its pages (its
/// `Origin`, then its token), and the body is a readable form. Returns the form's fields.
pub async fn check_write(
    desk: &Desk,
    headers: &HeaderMap,
    body: Body,
) -> Result<Vec<(String, String)>, Refusal> {
    if let Some(why) = &desk.read_only {
        return Err(Refusal::ReadOnly(why.clone()));
    }
    // The Host was checked first: the desk's own origin is `http://` and that Host.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        None => return Err(Refusal::NoOrigin),
        Some(Ok("null")) => return Err(Refusal::NoOrigin),
        Some(Ok(origin)) if origin.eq_ignore_ascii_case(&format!("http://{host}")) => {}
        Some(origin) => {
            let origin = origin.unwrap_or("?").chars().take(100).collect();
            return Err(Refusal::ForeignOrigin(origin));
        }
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| Refusal::TooLarge)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Refusal::NotUtf8)?;
    let form = parse_form(text)?;
    let token = field(&form, "token").unwrap_or_default();
    if !same(token.as_bytes(), desk.token.as_bytes()) {
        return Err(Refusal::BadToken);
    }
    Ok(form)
}

/// `application/x-www-form-urlencoded` fields; a value that is not UTF-8 once decoded is
/// refused, never replaced.
fn parse_form(body: &str) -> Result<Vec<(String, String)>, Refusal> {
    let decode = |part: &str| {
        percent_decode(&part.replace('+', " ")).ok_or(if part.contains('%') {
            Refusal::NotUtf8
        } else {
            Refusal::BadForm
        })
    };
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

/// The first value of a form's field.
pub fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Compares the token in time that does not depend on where it differs.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The seeds the desk offers: the import's own (`import::list_seeds`: regular `.txt` files
/// directly in `seeds/`, symbolic links left out as they could point anywhere), by name,
/// sorted.
pub fn listing(root: &Path) -> Vec<String> {
    let Ok((seeds, _links)) = import::list_seeds(&root.join(SEEDS_DIR)) else {
        return Vec::new();
    };
    seeds
        .iter()
        .filter_map(|path| path.file_name()?.to_str().map(str::to_owned))
        .collect()
}

/// A seed name from a URL path (percent-encoded), accepted only when the listing has it.
pub fn seed_name(root: &Path, raw: &str) -> Result<String, Refusal> {
    let name = percent_decode(raw).ok_or(Refusal::NoSuchSeed(raw.to_owned()))?;
    if listing(root).contains(&name) {
        Ok(name)
    } else {
        Err(Refusal::NoSuchSeed(name.chars().take(200).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_and_refuse_bytes_that_are_not_utf8() {
        assert_eq!(
            parse_form("a=x+y%2B&b=%C3%A1&c").unwrap(),
            [("a", "x y+"), ("b", "á"), ("c", "")].map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
        assert_eq!(parse_form("a=%FF"), Err(Refusal::NotUtf8));
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"ab", b"abc"));
    }

    #[test]
    fn only_this_computer_at_the_desk_port_is_a_host() {
        let with = |host: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, host.parse().unwrap());
            check_host(&headers, 1112)
        };
        for host in ["127.0.0.1:1112", "localhost:1112", "[::1]:1112"] {
            assert_eq!(with(host), Ok(()), "{host}");
        }
        for host in [
            "evil.example:1112",
            "127.0.0.1:1111",
            "localhost",
            "127.0.0.1.evil:1112",
        ] {
            assert!(with(host).is_err(), "{host}");
        }
        assert!(check_host(&HeaderMap::new(), 1112).is_err());
    }
}
