//! A real SMTP server for the mail tests: `scripts/smtp-sink.py` (aiosmtpd),
//! started by the test on a free port and stopped when it ends. It writes
//! what it accepts to a folder, read back here as Python's email package
//! parsed it; recipients named `tempfail-N-…` are refused with 451 the
//! first N times, `reject-…` always with 550.

use super::TempDir;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: TempDir,
}

/// A message as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub rcpt_tos: Vec<String>,
    pub headers: Vec<(String, String)>,
    pub text: String,
    pub html: String,
    pub defects: Vec<String>,
}

impl Received {
    /// The first header of that name (any case), decoded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn subject(&self) -> &str {
        self.header("Subject").unwrap_or("")
    }

    /// The address in `List-Unsubscribe: <…>`.
    pub fn unsubscribe_url(&self) -> String {
        let header = self.header("List-Unsubscribe").expect("List-Unsubscribe");
        header
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_string()
    }
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let python = root.join(".venv-test/bin/python");
        assert!(
            python.exists(),
            "{} is missing: run scripts/install-tools.sh --test",
            python.display()
        );
        let dir = std::env::temp_dir().join(format!("partner-map-smtp-{}", super::unique_name()));
        let mut child = Command::new(&python)
            .arg(root.join("scripts/smtp-sink.py"))
            .arg("--dir")
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start scripts/smtp-sink.py");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("the SMTP sink says its port");
        let port = line
            .trim()
            .strip_prefix("port ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the SMTP sink did not start: {line:?}"));
        SmtpSink {
            child,
            port,
            dir: TempDir(dir),
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<_> = std::fs::read_dir(&self.dir.0)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        names.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "json"));
        names.sort();
        names
            .iter()
            .map(|path| {
                let json: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
                let strings = |v: &serde_json::Value| {
                    v.as_array()
                        .map(|a| {
                            a.iter()
                                .map(|s| s.as_str().unwrap_or("").to_string())
                                .collect()
                        })
                        .unwrap_or_default()
                };
                Received {
                    rcpt_tos: strings(&json["rcpt_tos"]),
                    headers: json["headers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|h| {
                            (
                                h[0].as_str().unwrap().to_string(),
                                h[1].as_str().unwrap().to_string(),
                            )
                        })
                        .collect(),
                    // Lines as a mail client shows them (SMTP carries CRLF).
                    text: json["text"].as_str().unwrap_or("").replace("\r\n", "\n"),
                    html: json["html"].as_str().unwrap_or("").to_string(),
                    defects: strings(&json["defects"]),
                }
            })
            .collect()
    }

    /// Waits (up to 10 s) until `n` messages have arrived, and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let received = self.received();
            if received.len() >= n || Instant::now() > deadline {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
