//! The HTTP service libdav sends through: our hyper client, our limits,
//! the account's credentials, and a count of the traffic.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use base64::Engine;
use bytes::Bytes;
use http::{HeaderValue, Request, Response, header};
use http_body_util::Full;

use super::DavLogin;
use crate::http::{FetchError, HyperHttps, Limits, send};

/// Requests sent and bytes received, for the sync's report and the
/// benchmark.
#[derive(Debug, Default)]
pub(crate) struct Traffic {
    requests: AtomicUsize,
    bytes: AtomicUsize,
}

impl Traffic {
    pub(crate) fn totals(&self) -> (usize, usize) {
        (self.requests.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }
}

/// A tower service over the hyper client, as libdav takes one.
#[derive(Clone)]
pub(crate) struct Limited {
    client: HyperHttps,
    limits: Limits,
    authorization: HeaderValue,
    host: String,
    traffic: Arc<Traffic>,
}

impl Limited {
    pub(crate) fn new(client: HyperHttps, login: &DavLogin<'_>, traffic: Arc<Traffic>) -> Self {
        let token =
            base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", login.user, login.password));
        let mut authorization =
            HeaderValue::from_str(&format!("Basic {token}")).unwrap_or_else(|_| HeaderValue::from_static(""));
        authorization.set_sensitive(true);
        Self { client, limits: login.limits, authorization, host: login.address.host(), traffic }
    }
}

impl tower_service::Service<Request<String>> for Limited {
    type Response = Response<Full<Bytes>>;
    type Error = FetchError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, FetchError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), FetchError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request<String>) -> Self::Future {
        let this = self.clone();
        Box::pin(async move {
            let host = request.uri().authority().map_or_else(|| this.host.clone(), ToString::to_string);
            // The password goes only to the account's own server.
            if host == this.host {
                request.headers_mut().insert(header::AUTHORIZATION, this.authorization.clone());
            }
            request.headers_mut().insert(
                header::USER_AGENT,
                HeaderValue::from_static(concat!("Deepblock/", env!("CARGO_PKG_VERSION"))),
            );
            this.traffic.requests.fetch_add(1, Ordering::Relaxed);
            let (parts, body) = send(&this.client, request, &host, &this.limits).await?;
            this.traffic.bytes.fetch_add(body.len(), Ordering::Relaxed);
            Ok(Response::from_parts(parts, Full::new(body)))
        })
    }
}
