//! A bounded load test of the example server (`examples/server.rs`) over loopback, and its
//! defence against slow clients.
//!
//! The server runs the example's own `main` in a child process (this test binary, started
//! again with the hidden test `example_server_process`), so its memory is measured alone:
//! `VmRSS` of `/proc/<pid>/status`. 32 threads, each with one keep-alive connection, send a
//! warm-up batch, then 20,000 requests, all of which fail in one of eight ways. Every
//! response must be a well-formed Matrix error with the right status, none may be lost, and
//! the server's resident memory may grow by less than `RSS_GROWTH_LIMIT_KIB` (4 MiB) over the
//! 20,000 (after the warm-up has grown its buffers and pools to their working size).
//!
//! Then 300 slow clients, twice: half-open connections that never finish their headers or
//! their body. The server must keep answering others, close all 300 after its header-read or
//! body-read timeout (10 s), and the second 300 may grow its RSS by less than 4 MiB.

#![cfg(target_os = "linux")]

#[path = "../examples/server.rs"]
#[allow(dead_code)]
mod server;

#[path = "common/wire.rs"]
mod wire;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use matrix_error::Error;
use ureq::http::Response;

const CONNECTIONS: usize = 32;
const REQUESTS: usize = 20_000;
const WARM_UP_PER_CONNECTION: usize = 64;
/// The most the server's RSS may grow over the 20,000 requests after the warm-up.
const RSS_GROWTH_LIMIT_KIB: u64 = 4 * 1024;

/// Set in the child's environment: it then serves instead of returning at once.
const CHILD: &str = "MATRIX_ERROR_LOAD_TEST_CHILD";

/// The server process of `twenty_thousand_requests_from_32_connections`, not a test of its
/// own: it runs the example's `main` when that test starts it, and returns at once else.
#[test]
#[ignore = "the server process of the load test, which starts it"]
fn example_server_process() {
    if std::env::var_os(CHILD).is_some() {
        server::main().expect("the example server failed");
    }
}

/// The child process, killed when the test ends, passed or not.
struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl ServerProcess {
    /// Starts the example server on a free port and waits for the address it prints: the
    /// listener is bound by then. (libtest prints it after `test example_server_process ...`.)
    fn start() -> (ServerProcess, SocketAddr) {
        let child = Command::new(std::env::current_exe().unwrap())
            .args([
                "example_server_process",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env("PORT", "0")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server process");
        let mut process = ServerProcess(child);
        let stdout = process.0.stdout.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let addr = lines.by_ref().map_while(Result::ok).find_map(|line| {
                let (_, addr) = line.split_once("listening on http://")?;
                addr.trim().parse::<SocketAddr>().ok()
            });
            let _ = sender.send(addr);
            // Keep reading, so that the server never blocks on a full pipe.
            lines.for_each(drop);
        });
        // A bound on a failure, not a wait for readiness: the address is the readiness signal.
        match receiver.recv_timeout(Duration::from_secs(120)) {
            Ok(Some(addr)) => (process, addr),
            Ok(None) => panic!("the server exited without printing its address"),
            Err(_) => panic!("the server printed no address in 120 s"),
        }
    }

    /// The file descriptors the server has open: its listener, its sockets, a few of its
    /// runtime's own.
    fn open_fds(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.0.id()))
            .unwrap()
            .count()
    }

    /// Waits until the server has `fds` descriptors open or fewer (`fewer = true`) or more,
    /// for at most `within`; its count then.
    fn wait_for_fds(&self, fds: usize, fewer: bool, within: Duration) -> usize {
        let start = Instant::now();
        loop {
            let open = self.open_fds();
            if (fewer && open <= fds) || (!fewer && open >= fds) || start.elapsed() > within {
                return open;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resident memory in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).unwrap();
        let line = status
            .lines()
            .find(|line| line.starts_with("VmRSS:"))
            .expect("a VmRSS line");
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

/// One of the eight requests, and the answer it must get.
struct Case {
    method: &'static str,
    path: &'static str,
    body: Vec<u8>,
    status: u16,
    errcode: &'static str,
    retry_after: Option<&'static str>,
    message: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let case = |method, path, body: &[u8], status, errcode| Case {
        method,
        path,
        body: body.to_vec(),
        status,
        errcode,
        retry_after: None,
        message: None,
    };
    let lobby = "/_matrix/client/v3/rooms/!lobby:example.org/send";
    let oversized = format!(r#"{{"body":"{}"}}"#, "x".repeat(2 * server::BODY_LIMIT));
    vec![
        case(
            "POST",
            "/_matrix/client/v3/rooms/!secret:example.org/send",
            br#"{"body":"hi"}"#,
            403,
            "M_FORBIDDEN",
        ),
        Case {
            retry_after: Some("3"),
            ..case(
                "GET",
                "/_matrix/client/v3/sync",
                b"",
                429,
                "M_LIMIT_EXCEEDED",
            )
        },
        Case {
            message: Some("Internal server error"),
            ..case(
                "GET",
                "/_matrix/client/v3/account/whoami",
                b"",
                500,
                "M_UNKNOWN",
            )
        },
        case("GET", "/_matrix/client/v3/nope", b"", 404, "M_UNRECOGNIZED"),
        case(
            "DELETE",
            "/_matrix/client/versions",
            b"",
            405,
            "M_UNRECOGNIZED",
        ),
        case("POST", lobby, b"{", 400, "M_NOT_JSON"),
        case("POST", lobby, br#"{"text":1}"#, 400, "M_BAD_JSON"),
        case("POST", lobby, oversized.as_bytes(), 413, "M_TOO_LARGE"),
    ]
}

/// Checks one response: the status, a JSON error body of the right errcode, and what reading
/// it back gives.
fn check(case: &Case, response: &Response<Vec<u8>>) {
    let body = wire::error_body(response);
    assert_eq!(
        response.status(),
        case.status,
        "{} {}",
        case.method,
        case.path
    );
    assert_eq!(body["errcode"], case.errcode);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .map(|value| value.to_str().unwrap()),
        case.retry_after
    );
    if let Some(message) = case.message {
        assert_eq!(body["error"], message);
    }
    let read = Error::from_http_response(response);
    assert_eq!((read.status(), read.errcode()), (case.status, case.errcode));
}

/// Sends `count` requests from one connection, cycling through the cases from `offset`.
fn send(client: &wire::Client, cases: &[Case], offset: usize, count: usize) -> usize {
    let json = [("content-type", "application/json")];
    for index in 0..count {
        let case = &cases[(offset + index) % cases.len()];
        let headers: &[_] = if case.body.is_empty() { &[] } else { &json };
        let response = client
            .send(case.method, case.path, headers, &case.body)
            .unwrap_or_else(|error| panic!("{} {}: {error}", case.method, case.path));
        check(case, &response);
    }
    count
}

/// Runs `work` on every client, each on its own thread, and gives the clients back (with
/// their connections open) and what `work` returned. A failed check fails the test here.
fn on_every_connection<T: Send + 'static>(
    clients: Vec<wire::Client>,
    cases: &Arc<Vec<Case>>,
    work: fn(&wire::Client, &[Case], usize) -> T,
) -> Vec<(wire::Client, T)> {
    let threads: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(worker, client)| {
            let cases = Arc::clone(cases);
            std::thread::spawn(move || {
                let result = work(&client, &cases, worker);
                (client, result)
            })
        })
        .collect();
    threads
        .into_iter()
        .map(|thread| thread.join().expect("a connection failed"))
        .collect()
}

#[test]
fn twenty_thousand_requests_from_32_connections() {
    let (process, addr) = ServerProcess::start();
    let cases = Arc::new(cases());
    let clients = (0..CONNECTIONS).map(|_| wire::Client::new(addr)).collect();

    let warm = on_every_connection(clients, &cases, |client, cases, worker| {
        send(client, cases, worker, WARM_UP_PER_CONNECTION)
    });
    let clients = warm.into_iter().map(|(client, _)| client).collect();
    let rss_before = process.rss_kib();

    let start = Instant::now();
    let done = on_every_connection(clients, &cases, |client, cases, worker| {
        send(client, cases, worker, REQUESTS / CONNECTIONS)
    });
    let elapsed = start.elapsed();
    let answered: usize = done.iter().map(|(_, answered)| answered).sum();
    let rss_after = process.rss_kib();

    eprintln!(
        "load: {answered} requests from {CONNECTIONS} connections in {:.2} s ({:.0}/s); \
         server RSS {rss_before} KiB after {} warm-up requests, {rss_after} KiB after the load",
        elapsed.as_secs_f64(),
        answered as f64 / elapsed.as_secs_f64(),
        CONNECTIONS * WARM_UP_PER_CONNECTION,
    );
    assert_eq!(answered, REQUESTS, "every request answered");
    assert!(
        rss_after < rss_before + RSS_GROWTH_LIMIT_KIB,
        "the server's RSS grew from {rss_before} KiB to {rss_after} KiB"
    );
}

/// Half-open connections: each sends part of a request, then nothing, and keeps its socket
/// open. Half never finish their headers; half send headers announcing a body of 100 bytes and
/// never finish it.
const SLOW_CLIENTS: usize = 300;

/// What a slow client sends before it stops.
fn slow_request(index: usize) -> Vec<u8> {
    let path = "/_matrix/client/v3/rooms/!lobby:example.org/send";
    match index % 2 {
        0 => format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl").into_bytes(),
        _ => format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: 100\r\n\r\n{{\"body\":\"hel"
        )
        .into_bytes(),
    }
}

/// How a slow client's connection ended, read from its side.
#[derive(Debug, PartialEq)]
enum Ended {
    /// The server closed it, having answered with this status (`None`: nothing).
    Closed(Option<u16>),
    /// Still open when the client gave up waiting.
    Open,
}

/// Reads until the server closes the connection or `deadline` passes.
fn wait_for_close(mut stream: TcpStream, deadline: Instant) -> Ended {
    let mut received = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ended::Open;
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ended::Open;
            }
            // Reset: closed too.
            Err(_) => break,
        }
    }
    let status = std::str::from_utf8(&received)
        .ok()
        .and_then(|text| text.strip_prefix("HTTP/1.1 "))
        .and_then(|text| text.get(..3))
        .and_then(|status| status.parse().ok());
    Ended::Closed(status)
}

/// Opens [`SLOW_CLIENTS`] half-open connections, checks that others are served meanwhile,
/// and waits for the server to close every one of them; the server's RSS while it holds
/// them, and how long closing them took.
fn slow_wave(process: &ServerProcess, addr: SocketAddr, cases: &[Case]) -> (u64, Duration) {
    let fds_idle = process.open_fds();
    let start = Instant::now();
    let slow: Vec<TcpStream> = (0..SLOW_CLIENTS)
        .map(|index| {
            let mut stream = TcpStream::connect(addr).expect("connect");
            stream.write_all(&slow_request(index)).unwrap();
            stream
        })
        .collect();
    let held = process.wait_for_fds(fds_idle + SLOW_CLIENTS, false, Duration::from_secs(30));
    assert!(
        held >= fds_idle + SLOW_CLIENTS,
        "the server accepted only {} connections",
        held - fds_idle
    );
    // Let it read what each sent.
    std::thread::sleep(Duration::from_millis(500));
    let rss_held = process.rss_kib();

    // Meanwhile, everyone else is served.
    let client = wire::Client::new(addr);
    send(&client, cases, 0, cases.len());
    drop(client);

    // Every slow connection is closed by the server after its timeout: a header-read
    // timeout closes it, a body-read timeout answers it (400 `M_UNKNOWN`, the body could not
    // be read) and closes it.
    let deadline = start
        + server::HEADER_READ_TIMEOUT.max(server::BODY_READ_TIMEOUT)
        + Duration::from_secs(20);
    let ended: Vec<Ended> = (slow.into_iter())
        .map(|stream| wait_for_close(stream, deadline))
        .collect();
    let elapsed = start.elapsed();
    let open = ended.iter().filter(|ended| **ended == Ended::Open).count();
    assert_eq!(
        open, 0,
        "{open} of {SLOW_CLIENTS} slow connections still open"
    );
    assert!(
        elapsed >= server::HEADER_READ_TIMEOUT.min(server::BODY_READ_TIMEOUT),
        "closed before any timeout: {elapsed:?}"
    );
    let answered: Vec<u16> = (ended.iter())
        .filter_map(|ended| match ended {
            Ended::Closed(status) => *status,
            Ended::Open => None,
        })
        .collect();
    assert_eq!(
        answered.len(),
        SLOW_CLIENTS / 2,
        "the stalled bodies are answered"
    );
    assert!(answered.iter().all(|status| *status == 400), "{answered:?}");
    let fds_after = process.wait_for_fds(fds_idle, true, Duration::from_secs(10));
    assert!(
        fds_after <= fds_idle,
        "{fds_after} fds open, {fds_idle} before"
    );
    (rss_held, elapsed)
}

/// 300 slow clients cannot hold the server: it keeps serving others meanwhile, and closes
/// every one of them once its header-read or body-read timeout passes. Their memory goes back
/// to the allocator, which the next 300 reuse: a second wave grows the server's RSS by less
/// than 4 MiB. (It grows some: the allocator keeps freed memory per thread, and the
/// connections' tasks run on either of the runtime's threads.)
#[test]
fn three_hundred_slow_clients_are_cut_off() {
    let (process, addr) = ServerProcess::start();
    let cases = cases();
    // Warm up, so that the runtime's pools have their working size.
    let client = wire::Client::new(addr);
    send(&client, &cases, 0, 64);
    drop(client);
    // The server sees the client's connection close.
    std::thread::sleep(Duration::from_millis(300));
    let rss_idle = process.rss_kib();

    let (rss_first, elapsed) = slow_wave(&process, addr, &cases);
    eprintln!(
        "slow clients: server RSS {rss_idle} KiB idle, {rss_first} KiB holding \
         {SLOW_CLIENTS} half-open connections (+{} KiB, {:.1} KiB each); all closed after \
         {:.1} s",
        rss_first.saturating_sub(rss_idle),
        rss_first.saturating_sub(rss_idle) as f64 / SLOW_CLIENTS as f64,
        elapsed.as_secs_f64(),
    );
    let (rss_second, _) = slow_wave(&process, addr, &cases);
    eprintln!("slow clients: server RSS {rss_second} KiB holding a second wave");
    assert!(
        rss_second < rss_first + RSS_GROWTH_LIMIT_KIB,
        "the second wave grew the server's RSS from {rss_first} KiB to {rss_second} KiB"
    );
}
