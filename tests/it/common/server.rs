//! A `biennien serve --watch` run against a real server on a free port, for the tests that
//! drive one: raw requests, live-reload events, the terminal's output, saving files.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::Fixture;

/// How long a step may take before the test fails: generous, since this checks correctness,
/// not speed, on two shared cores with many servers running. A passing step waits only as
/// long as it takes.
pub const WAIT: Duration = Duration::from_secs(30);

pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`
    pub address: String,
    /// The site's URL path, `/` or `/lich-su/`.
    pub base: String,
    pub output: Arc<Mutex<String>>,
    /// The threads reading the server's stdout and stderr into `output`.
    readers: Vec<thread::JoinHandle<()>>,
}

impl Server {
    /// Starts `serve --watch` on any free port unless `args` name one.
    pub fn start(site: &Fixture, args: &[&str]) -> Server {
        Server::start_with_env(site, args, &[])
    }

    /// `start`, with the environment variables `env` set for the server (test hooks).
    pub fn start_with_env(site: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Server {
        let any_port: &[&str] = if args.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        // From inside the site with the default root `.`, as editors run it.
        let mut child = Command::new(env!("CARGO_BIN_EXE_biennien"))
            .current_dir(site.root())
            .args(["serve", "--watch"])
            .args(any_port)
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let output = Arc::new(Mutex::new(String::new()));
        let streams = [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ];
        let readers = streams
            .into_iter()
            .map(|stream| {
                let output = Arc::clone(&output);
                thread::spawn(move || {
                    for line in BufReader::new(stream).lines().map_while(Result::ok) {
                        let mut all = output.lock().unwrap();
                        all.push_str(&line);
                        all.push('\n');
                    }
                })
            })
            .collect();
        // Owned by the server from here: dropping it (a failed assertion too) stops it.
        let mut server = Server {
            child,
            address: String::new(),
            base: String::new(),
            output,
            readers,
        };
        let started = Instant::now();
        loop {
            let text = server.output.lock().unwrap().clone();
            if let Some(url) = text
                .lines()
                .find_map(|l| l.strip_prefix("Serving the site at "))
            {
                let url = url.split(' ').next().unwrap().trim_start_matches("http://");
                let (address, base) = url.split_at(url.find('/').unwrap());
                server.address = address.to_owned();
                server.base = base.to_owned();
                return server;
            }
            assert!(
                started.elapsed() < WAIT,
                "the server did not start:\n{text}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Everything the server printed, once it has exited and its output is read to the end.
    pub fn final_output(&mut self) -> String {
        for reader in self.readers.drain(..) {
            reader.join().expect("the output reader");
        }
        self.output.lock().unwrap().clone()
    }

    /// A raw GET, the path sent exactly as given.
    pub fn get(&self, path: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Response::parse(&raw)
    }

    /// Listens for live-reload events, as an open page does.
    pub fn listen(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(stream, "GET /__biennien/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while !line.to_ascii_lowercase().starts_with("content-type") {
            line.clear();
            reader.read_line(&mut line).unwrap();
        }
        assert!(
            line.to_ascii_lowercase().contains("text/event-stream"),
            "{line}"
        );
        Events(reader)
    }

    pub fn builds(&self) -> u64 {
        let status = self.get("/__biennien/status").body;
        let json: serde_json::Value = serde_json::from_str(&status).unwrap();
        json["builds"].as_u64().unwrap()
    }

    pub fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__biennien/status").body).unwrap()
    }

    /// Makes `change` (a save, a removal) and waits for the rebuild it causes.
    pub fn rebuild_after(&self, change: impl FnOnce()) {
        let builds = self.builds();
        change();
        self.wait_for_build_after(builds);
    }

    /// Saves a file and waits for the rebuild it causes.
    pub fn save_and_wait(&self, site: &Fixture, rel: &str, text: &str) {
        self.rebuild_after(|| save(site, rel, text));
    }

    /// A fresh build of `site` into its `fresh/` folder with this server's base URL: what
    /// the server should be serving.
    pub fn fresh_build(&self, site: &Fixture) -> super::Files {
        let base_url = format!("http://{}{}", self.address, self.base);
        let fresh = site.path("fresh");
        let _ = std::fs::remove_dir_all(&fresh);
        site.build(&["--output", fresh.to_str().unwrap(), "--base-url", &base_url]);
        site.snapshot("fresh")
    }

    /// Waits until a build after `builds` is done.
    pub fn wait_for_build_after(&self, builds: u64) {
        let started = Instant::now();
        while self.builds() <= builds {
            assert!(
                started.elapsed() < WAIT,
                "no rebuild:\n{}",
                self.output.lock().unwrap()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's output once `ready` holds for it: the output is read on another
    /// thread, and may lag behind what the server already serves.
    pub fn output_once(&self, ready: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let output = self.output.lock().unwrap().clone();
            if ready(&output) {
                return output;
            }
            assert!(
                started.elapsed() < WAIT,
                "never printed as expected:\n{output}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `path` is served with a body for which `check` holds.
    pub fn wait_for(&self, path: &str, check: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let response = self.get(path);
            if check(&response) {
                return response;
            }
            assert!(
                started.elapsed() < WAIT,
                "{path} never became as expected; last:\n{}\n\nserver:\n{}",
                response.body,
                self.output.lock().unwrap()
            );
            thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Events(BufReader<TcpStream>);

impl Events {
    /// The name of the next event (`reload`, `css`).
    pub fn next(&mut self) -> String {
        let started = Instant::now();
        let mut line = String::new();
        loop {
            line.clear();
            self.0
                .read_line(&mut line)
                .expect("an event within the time limit");
            if let Some(name) = line.strip_prefix("event: ") {
                return name.trim().to_owned();
            }
            assert!(started.elapsed() < WAIT, "no event");
        }
    }
}

pub struct Response {
    pub status: u16,
    pub headers: String,
    pub body: String,
    /// The body as sent (the search index's files are binary).
    pub bytes: Vec<u8>,
}

impl Response {
    pub fn parse(raw: &[u8]) -> Response {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let start = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(raw.len(), |at| at + 4);
        Response {
            status,
            headers: head.to_ascii_lowercase(),
            body: body.to_owned(),
            bytes: raw[start..].to_vec(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
    }
}

/// Saves a file the way editors do: written aside, then renamed over the old one, so the
/// server never reads it half-written.
pub fn save(site: &Fixture, rel: &str, text: &str) {
    let aside = format!("{rel}.biennien-test~");
    site.write(&aside, text);
    std::fs::rename(site.path(&aside), site.path(rel)).unwrap();
}
