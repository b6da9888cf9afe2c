//! The fake Discord's WebSocket gateway: HELLO, IDENTIFY → READY (or close
//! 4004 for a bad token), heartbeat ACKs, RESUME with replay of what the
//! client missed, and the dispatches the test queued, in order.

#![allow(dead_code)]

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::fake_discord::{user_json, FakeDiscord, BOT_ID, TOKEN};

type Ws = WebSocketStream<TcpStream>;

pub async fn accept(fake: FakeDiscord, listener: TcpListener) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(session(fake.clone(), stream));
    }
}

async fn send(ws: &mut Ws, payload: Value) -> bool {
    ws.send(Message::Text(payload.to_string())).await.is_ok()
}

fn dispatch(fake: &FakeDiscord, event: &str, data: Value, remember: bool) -> Value {
    let mut state = fake.state.lock().unwrap();
    state.seq += 1;
    let seq = state.seq;
    if remember {
        state.history.push((seq, event.to_string(), data.clone()));
    }
    json!({"op": 0, "t": event, "s": seq, "d": data})
}

async fn session(fake: FakeDiscord, stream: TcpStream) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else { return };
    if !send(&mut ws, json!({"op": 10, "d": {"heartbeat_interval": 41250}, "s": null, "t": null})).await {
        return;
    }
    let mut ready = false;
    loop {
        let notified = fake.pushed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if ready {
            loop {
                let next = fake.state.lock().unwrap().pending.pop_front();
                let Some((event, data)) = next else { break };
                let payload = dispatch(&fake, &event, data, true);
                let cut = std::mem::take(&mut fake.state.lock().unwrap().drop_after_next);
                if cut {
                    // The connection breaks before this dispatch gets through;
                    // the client must RESUME and receive it then.
                    let frame = CloseFrame { code: CloseCode::from(4000), reason: "fake network cut".into() };
                    let _ = ws.close(Some(frame)).await;
                    return;
                }
                if !send(&mut ws, payload).await {
                    return;
                }
            }
        }
        let incoming = tokio::select! {
            incoming = ws.next() => incoming,
            _ = &mut notified => continue,
        };
        let text = match incoming {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Binary(_) | Message::Frame(_))) => continue,
            _ => return,
        };
        let Ok(payload) = serde_json::from_str::<Value>(&text) else { continue };
        let token_ok = |d: &Value| {
            let token = d["token"].as_str().unwrap_or_default();
            token == TOKEN || token == format!("Bot {TOKEN}")
        };
        match payload["op"].as_u64() {
            Some(1) if !send(&mut ws, json!({"op": 11, "d": null, "s": null, "t": null})).await => return,
            Some(2) => {
                fake.state.lock().unwrap().identifies.push(payload["d"].clone());
                if !token_ok(&payload["d"]) {
                    let frame = CloseFrame { code: CloseCode::from(4004), reason: "Authentication failed.".into() };
                    let _ = ws.close(Some(frame)).await;
                    return;
                }
                let shard = payload["d"]["shard"].clone();
                let ready_data = json!({"v": 10, "user": user_json(BOT_ID, "Escala", true), "guilds": [],
                    "session_id": "fake-session", "resume_gateway_url": fake.gateway_url,
                    "shard": if shard.is_null() { json!([0, 1]) } else { shard },
                    "application": {"id": BOT_ID.to_string(), "flags": 0}});
                let payload = dispatch(&fake, "READY", ready_data, false);
                if !send(&mut ws, payload).await {
                    return;
                }
                ready = true;
            }
            Some(6) => {
                fake.state.lock().unwrap().resumes.push(payload["d"].clone());
                if !token_ok(&payload["d"]) {
                    return;
                }
                let after = payload["d"]["seq"].as_u64().unwrap_or(0);
                let missed: Vec<(u64, String, Value)> =
                    fake.state.lock().unwrap().history.iter().filter(|(s, _, _)| *s > after).cloned().collect();
                for (seq, event, data) in missed {
                    if !send(&mut ws, json!({"op": 0, "t": event, "s": seq, "d": data})).await {
                        return;
                    }
                }
                let payload = dispatch(&fake, "RESUMED", json!({}), false);
                if !send(&mut ws, payload).await {
                    return;
                }
                ready = true;
            }
            _ => {}
        }
    }
}
