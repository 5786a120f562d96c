//! The editor's desk beside a `serve --watch` run, for the tests that drive it over raw HTTP:
//! its address, its token, requests with exactly the `Host` and `Origin` a test names.

use std::io::{Read, Write};
use std::net::TcpStream;

use super::Fixture;
use super::server::{Response, Server, WAIT};

/// A desk, with the server it runs beside.
pub struct Desk {
    pub server: Server,
    /// `127.0.0.1:PORT`
    pub address: String,
    pub token: String,
}

impl Desk {
    pub fn open(site: &Fixture, args: &[&str]) -> Desk {
        let server = Server::start(site, args);
        let output = server.output.lock().unwrap().clone();
        let address = output
            .lines()
            .find_map(|l| l.strip_prefix("The editor's desk at http://"))
            .unwrap_or_else(|| panic!("no desk address in:\n{output}"))
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let mut desk = Desk {
            server,
            address,
            token: String::new(),
        };
        let list = desk.get("/");
        assert_eq!(list.status, 200, "{}", list.body);
        desk.token = hidden(&list.body, "token").unwrap_or_default();
        desk
    }

    /// A request exactly as given: `Host` and `Origin` only when named.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        host: Option<&str>,
        origin: Option<&str>,
        body: &[u8],
    ) -> Response {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        if let Some(host) = host {
            head.push_str(&format!("Host: {host}\r\n"));
        }
        if let Some(origin) = origin {
            head.push_str(&format!("Origin: {origin}\r\n"));
        }
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ));
        stream.write_all(head.as_bytes()).unwrap();
        // A refused body may be cut off unread: the answer is what counts.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Response::parse(&raw)
    }

    pub fn get(&self, path: &str) -> Response {
        self.send("GET", path, Some(&self.address), None, b"")
    }

    /// A POST as the desk's own page sends it.
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let origin = format!("http://{}", self.address);
        self.send(
            "POST",
            path,
            Some(&self.address),
            Some(&origin),
            form(fields).as_bytes(),
        )
    }

    /// The hidden fields of the first form posting to `action` on the seed's page.
    pub fn form_of(&self, seed: &str, action: &str) -> (String, String) {
        let page = self.get(&format!("/seed/{seed}")).body;
        let at = page
            .find(&format!("action=\"{action}\""))
            .unwrap_or_else(|| panic!("no form for {action} in:\n{page}"));
        let form = &page[at..];
        (
            hidden(form, "token").unwrap(),
            hidden(form, "sidecar_sha256").unwrap(),
        )
    }
}

/// The value of the first hidden input named `name`.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html.find(&marker)? + marker.len();
    Some(html[at..].split('"').next()?.to_owned())
}

pub fn form(fields: &[(&str, &str)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    fields
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
