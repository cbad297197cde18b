//! The Pro Santé Connect-like provider of the operator, as the app's tests drive it:
//! `Operator::start_psc`, env.json `psc`, and the practitioner's browser
//! (`support::psc::browse`) delivering a code to a loopback listener on any port.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use base64::Engine;
use sha2::{Digest, Sha256};
use support::{psc, Operator};

fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn browse_delivers_a_code_to_a_loopback_listener() {
    let op = Operator::start_psc(5);
    let p = op.psc().clone();
    assert_eq!(p.access_ttl, 5);
    assert!(p.discovery_url.ends_with("/auth/realms/esante-wallet/.well-known/wallet-openid-configuration"));
    assert!(p.ciba_endpoint.ends_with("/protocol/openid-connect/ext/ciba/auth"));
    assert!(op.env.ports.psc.is_some() && op.env.ports.submissions_cert > 0);
    let physician = op.account("physician");
    let subject = physician.subject_name_id.clone().expect("the physician's SubjectNameID");
    assert!(p.practitioners.iter().any(|x| x.subject_name_id == subject && x.email == physician.email));

    let listener = TcpListener::bind("127.0.0.1:0").expect("loopback listener");
    let redirect = format!("http://127.0.0.1:{}/callback", listener.local_addr().unwrap().port());
    let verifier = "medimail-psc-testbed-verifier-0123456789-abcdefghijklmnop";
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let url = format!(
        "{}?client_id={}&response_type=code&scope={}&redirect_uri={}&code_challenge={challenge}\
         &code_challenge_method=S256&acr_values={}&state=st-1",
        p.authorization_endpoint,
        p.client_id,
        form_encode(&p.scope),
        form_encode(&redirect),
        p.acr_values
    );

    let refused = psc::browse(&op, &url, &subject, "not-the-password").expect_err("a wrong password is refused");
    assert!(refused.contains("login refused"), "{refused}");

    let app = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("the browser's redirect");
        let mut request_line = String::new();
        BufReader::new(&stream).read_line(&mut request_line).unwrap();
        stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").unwrap();
        request_line
    });
    let browsed = psc::browse(&op, &url, &subject, &physician.password).expect("login accepted");
    assert!(browsed.has_code && browsed.error.is_none(), "{browsed:?}");
    assert_eq!(browsed.listener_status, 200);
    assert_eq!(browsed.redirect_uri, redirect);
    let request_line = app.join().unwrap();
    assert!(request_line.starts_with("GET /callback?code=") && request_line.contains("state=st-1"), "{request_line}");

    assert!(psc::pending_ciba(&op, "").is_empty());
}
