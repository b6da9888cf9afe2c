//! The HTTP endpoints of a running bot: `/metrics` (Prometheus scrapes it),
//! `/healthz` (the process answers) and `/readyz` (it can serve users: the
//! store answers and the knowledge base has articles).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

use crate::kb::SharedKb;
use crate::store::Store;

use super::registry::Metrics;

/// prometheus-client writes the OpenMetrics text format, which Prometheus
/// negotiates and reads natively.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// A readiness probe must answer even when the database hangs.
const STORE_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

struct Exporter {
    metrics: Arc<Metrics>,
    registry: prometheus_client::registry::Registry,
    store: Arc<dyn Store>,
    kb: SharedKb,
    /// Scrapes take turns: refreshing the gauges clears them first.
    scraping: Mutex<()>,
}

/// Binds the configured address; `None` when metrics are disabled.
pub async fn bind(listen: &str) -> std::io::Result<Option<TcpListener>> {
    let listen = listen.trim();
    if listen.is_empty() || listen.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    TcpListener::bind(listen).await.map(Some)
}

/// Serves the endpoints on `listener` until `shutdown`.
pub async fn serve(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    store: Arc<dyn Store>,
    kb: SharedKb,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let registry = metrics.registry();
    let exporter = Arc::new(Exporter { metrics, registry, store, kb, scraping: Mutex::new(()) });
    let app = Router::new()
        .route("/metrics", get(scrape))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .with_state(exporter);
    axum::serve(listener, app).with_graceful_shutdown(async move { shutdown.cancelled().await }).await
}

async fn scrape(State(exporter): State<Arc<Exporter>>) -> Response {
    let _turn = exporter.scraping.lock().await;
    let counts = tokio::time::timeout(STORE_CHECK_TIMEOUT, async {
        Ok::<_, crate::store::StoreError>((exporter.store.gauge_counts().await?, exporter.store.outbox_depth().await?))
    })
    .await;
    // Without the store the process counters are still worth scraping; the
    // gauges keep their last values and the log says why.
    match counts {
        Ok(Ok((counts, depth))) => exporter.metrics.set_store_gauges(&counts, depth),
        Ok(Err(error)) => tracing::warn!(%error, "metrics: cannot read the ticket gauges"),
        Err(_) => tracing::warn!("metrics: the store did not answer in time; gauges not refreshed"),
    }
    let mut body = String::new();
    match prometheus_client::encoding::text::encode(&mut body, &exporter.registry) {
        Ok(()) => ([(header::CONTENT_TYPE, CONTENT_TYPE)], body).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "cannot encode the metrics\n").into_response(),
    }
}

async fn ready(State(exporter): State<Arc<Exporter>>) -> (StatusCode, String) {
    let articles = exporter.kb.load().len();
    match tokio::time::timeout(STORE_CHECK_TIMEOUT, exporter.store.outbox_depth()).await {
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "not ready: the store did not answer in time\n".into()),
        Ok(Err(error)) => (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: the store is unreachable ({error})\n")),
        Ok(Ok(_)) if articles == 0 => {
            (StatusCode::SERVICE_UNAVAILABLE, "not ready: the knowledge base has no articles\n".into())
        }
        Ok(Ok(_)) => (StatusCode::OK, format!("ready: store reachable, {articles} KB articles loaded\n")),
    }
}
