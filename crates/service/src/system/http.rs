//! The loopback listener for the local feed, through tiny_http: small,
//! synchronous, and enough for one subscriber polling every few minutes.

use std::io::Read as _;
use std::net::{Ipv4Addr, SocketAddr};

use crate::feed::{FeedRequest, FeedResponse, HttpServer, MAX_BODY};
use crate::{ErrorCode, Field, ServiceError, ServiceResult};

/// A tiny_http server on 127.0.0.1.
#[derive(Debug, Default)]
pub struct TinyHttp;

impl HttpServer for TinyHttp {
    fn serve(
        &self,
        port: u16,
        ready: &mut dyn FnMut(u16),
        answer: &dyn Fn(&FeedRequest<'_>) -> FeedResponse,
    ) -> ServiceResult<()> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let server = tiny_http::Server::http(address).map_err(|e| {
            ServiceError::new(ErrorCode::Environment, format!("cannot listen on {address}: {e}"))
                .about(Field::Port)
        })?;
        ready(server.server_addr().to_ip().map_or(port, |a| a.port()));
        for mut request in server.incoming_requests() {
            let header = |name: &'static str| {
                request.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str().to_owned())
            };
            let (host, if_none_match) = (header("Host"), header("If-None-Match"));
            let method = request.method().as_str().to_owned();
            let target = request.url().to_owned();
            let mut body = String::new();
            // A body that is not UTF-8 reads as empty, and is refused as such.
            let _ = request.as_reader().take(MAX_BODY as u64).read_to_string(&mut body);
            let answered = answer(&FeedRequest {
                method: &method,
                target: &target,
                host: host.as_deref(),
                if_none_match: if_none_match.as_deref(),
                body: &body,
            });
            let mut response =
                tiny_http::Response::from_string(answered.body).with_status_code(answered.status);
            for (name, value) in answered.headers {
                if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                    response.add_header(header);
                }
            }
            // A client that hung up is not our problem; the next one is.
            let _ = request.respond(response);
        }
        Ok(())
    }
}
