//! A server on 127.0.0.1, for the socket tests of the axum servers.

use std::future::{Future, IntoFuture};
use std::net::{SocketAddr, TcpListener};

/// Runs `serve` on a listener bound to 127.0.0.1 on a port the kernel picks, on a thread of
/// its own. The listener is bound before this returns, so a client can connect at once: the
/// kernel queues the connection until the server accepts it.
pub fn spawn<F, S>(serve: F) -> SocketAddr
where
    F: FnOnce(tokio::net::TcpListener) -> S + Send + 'static,
    S: IntoFuture<Output = std::io::Result<()>>,
    S::IntoFuture: Future,
{
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            serve(listener).await.unwrap();
        });
    });
    addr
}
