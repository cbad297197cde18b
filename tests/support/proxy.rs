//! A TCP relay in front of a server that can cut the line: once a connection has carried
//! N bytes from the server to the client, both directions are closed at once. Used to
//! break a sync mid-fetch over real TLS (the bytes pass through untouched). It also keeps
//! what each client sent, to look at how its commands were cut into TLS records.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const NEVER: u64 = u64::MAX;

pub struct CuttingProxy {
    pub port: u16,
    limit: Arc<AtomicU64>,
    cuts: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
    open: Arc<AtomicUsize>,
    sent: Arc<Mutex<Vec<Vec<u8>>>>,
    received: Arc<Mutex<Vec<u64>>>,
    rt: Option<tokio::runtime::Runtime>,
}

impl CuttingProxy {
    /// Listens on 127.0.0.1:0 and relays every connection to `target`.
    pub fn start(target: SocketAddr) -> CuttingProxy {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("proxy runtime");
        let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).expect("proxy bind");
        let port = listener.local_addr().unwrap().port();
        let limit = Arc::new(AtomicU64::new(NEVER));
        let cuts = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let sent: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
        let received: Arc<Mutex<Vec<u64>>> = Arc::default();
        let open = Arc::new(AtomicUsize::new(0));
        let (l, c, n, s, o, r) = (limit.clone(), cuts.clone(), connections.clone(), sent.clone(), open.clone(), received.clone());
        rt.spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                n.fetch_add(1, Ordering::SeqCst);
                let limit = l.load(Ordering::SeqCst);
                let cuts = c.clone();
                let sent = s.clone();
                let received = r.clone();
                let open = o.clone();
                open.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(target).await {
                        if relay(client, server, limit, &sent, &received).await {
                            cuts.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        CuttingProxy { port, limit, cuts, connections, open, sent, received, rt: Some(rt) }
    }

    /// New connections are cut after `bytes` from the server (None: never).
    pub fn cut_after(&self, bytes: Option<u64>) {
        self.limit.store(bytes.unwrap_or(NEVER), Ordering::SeqCst);
    }

    /// How many connections were cut.
    pub fn cuts(&self) -> usize {
        self.cuts.load(Ordering::SeqCst)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Connections the client has not closed yet.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// The bytes each finished connection carried from the client to the server.
    pub fn sent_by_clients(&self) -> Vec<Vec<u8>> {
        self.sent.lock().unwrap().clone()
    }

    /// How many bytes each finished connection carried from the server to the client.
    pub fn server_bytes(&self) -> Vec<u64> {
        self.received.lock().unwrap().clone()
    }
}

/// The TLS records in a stream of bytes: (content type, length of the record's body).
pub fn tls_records(mut bytes: &[u8]) -> Vec<(u8, usize)> {
    let mut records = Vec::new();
    while bytes.len() >= 5 {
        let length = u16::from_be_bytes([bytes[3], bytes[4]]) as usize;
        records.push((bytes[0], length));
        bytes = &bytes[(5 + length).min(bytes.len())..];
    }
    records
}

impl Drop for CuttingProxy {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// Copies both ways until either side closes, or until `limit` bytes went from server to
/// client; returns true when it cut the line.
async fn relay(client: TcpStream, server: TcpStream, limit: u64, sent: &Mutex<Vec<Vec<u8>>>, received: &Mutex<Vec<u64>>) -> bool {
    let mut up = Vec::new();
    let mut down = 0u64;
    let cut = relay_counting(client, server, limit, &mut up, &mut down).await;
    sent.lock().unwrap().push(up);
    received.lock().unwrap().push(down);
    cut
}

async fn relay_counting(mut client: TcpStream, mut server: TcpStream, limit: u64, up: &mut Vec<u8>, down: &mut u64) -> bool {
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let mut up_buf = vec![0u8; 16 * 1024];
    let mut down_buf = vec![0u8; 16 * 1024];
    loop {
        tokio::select! {
            read = client.read(&mut up_buf) => match read {
                Ok(0) | Err(_) => return false,
                Ok(n) => {
                    up.extend_from_slice(&up_buf[..n]);
                    if server.write_all(&up_buf[..n]).await.is_err() { return false }
                }
            },
            read = server.read(&mut down_buf) => match read {
                Ok(0) | Err(_) => return false,
                Ok(n) => {
                    let allowed = limit.saturating_sub(*down).min(n as u64) as usize;
                    if allowed > 0 && client.write_all(&down_buf[..allowed]).await.is_err() {
                        return false;
                    }
                    *down += allowed as u64;
                    if allowed < n || *down >= limit {
                        // Both directions go at once, mid-response.
                        let _ = client.shutdown().await;
                        drop(client);
                        drop(server);
                        return true;
                    }
                }
            },
        }
    }
}
