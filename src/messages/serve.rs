//! Messages: the preview server of `yokoten serve` and its error overlay.

use crate::catalogue;
#[allow(unused_imports)]
use crate::lang::plural;

catalogue! {
    /// Error pages, by HTTP status.
    pub fn bad_request() {
        ja: "リクエストの形式が正しくありません。",
        en: "Malformed request.",
    }
    pub fn wrong_host() {
        ja: "このプレビューは localhost 宛てのリクエストにだけ答えます(Host ヘッダーが違います)。ブラウザーでは http://localhost:ポート番号/ を開いてください。",
        en: "This preview only answers requests addressed to localhost (wrong Host header). Open http://localhost:PORT/ in the browser.",
    }
    pub fn method_not_allowed() {
        ja: "GET と HEAD のリクエストだけを受け付けます。",
        en: "Only GET and HEAD requests are accepted.",
    }
    pub fn request_timeout() {
        ja: "リクエストが時間内に届きませんでした。",
        en: "The request did not arrive in time.",
    }
    pub fn url_too_long() {
        ja: "URL が長すぎます(8 KB まで)。",
        en: "The URL is too long (8 KB at most).",
    }
    pub fn headers_too_large() {
        ja: "リクエストのヘッダーが大きすぎます(16 KB まで)。",
        en: "The request headers are too large (16 KB at most).",
    }
    pub fn busy() {
        ja: "サーバーが混み合っています。少し待ってから再読み込みしてください。",
        en: "The server is busy; reload in a moment.",
    }
    pub fn other_error() {
        ja: "エラーです。",
        en: "Error.",
    }
    pub fn not_found() {
        ja: "ページが見つかりません。",
        en: "Page not found.",
    }
    /// The overlay shown in the browser while the site has problems.
    pub fn overlay_title() {
        ja: "サイトに問題があります",
        en: "Build error",
    }
    pub fn overlay_hint() {
        ja: "下の問題を直してファイルを保存すると、このページは自動で更新されます。",
        en: "Fix the file and save: this page updates by itself.",
    }
    /// `serve` could not listen.
    pub fn cannot_listen(addr: &str, port: u16, error: &str) {
        ja: "{addr}:{port} でも、その上の 20 個のポートでも待ち受けできません: {error}",
        en: "cannot listen on {addr}:{port} or the 20 ports above it: {error}",
    }
    pub fn internal_error() {
        ja: "プレビュー: リクエストの処理中に内部エラーが起きました。このリクエストだけを打ち切り、プレビューは動き続けます。",
        en: "serve: internal error while answering a request; that request was dropped and the server goes on.",
    }
    pub fn cannot_accept(error: &str) {
        ja: "プレビュー: 接続を受け付けられません(開けるファイル数の上限かもしれません): {error}",
        en: "serve: cannot accept connections (perhaps too many open files): {error}",
    }
}
