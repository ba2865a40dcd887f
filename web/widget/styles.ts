/**
 * The widget's styles, inside its shadow root: the host page's CSS cannot reach in, and these
 * rules cannot leak out. Sizes in px and em from a fixed base, because the page's root font size
 * (rem) is not ours to trust; browser zoom still scales everything.
 */
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.wrap {
  --accent: #0b57d0; --on-accent: #ffffff;
  --bg: #ffffff; --fg: #1b1f24; --muted: #545d68; --surface: #f1f3f6; --border: #c9ced6;
  --user-bg: var(--accent); --user-fg: var(--on-accent); --focus: #0b57d0;
  --ok: #137333; --warn: #8a5300; --fail: #b3261e;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg);
  -webkit-text-size-adjust: 100%;
}
@media (prefers-color-scheme: dark) {
  .wrap {
    --bg: #1e2127; --fg: #e9ebef; --muted: #b9c0ca; --surface: #2b2f37; --border: #4a505c;
    --focus: #8ab4f8; --ok: #81c995; --warn: #fdd663; --fail: #f28b82;
  }
  .wrap:not(.custom-color) { --accent: #8ab4f8; --on-accent: #0b1a33; }
}
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, a:focus-visible, textarea:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }

.launcher {
  position: fixed; bottom: 20px; right: 20px; z-index: 2147483000;
  width: 60px; height: 60px; border-radius: 50%; border: 2px solid var(--bg);
  background: var(--accent); color: var(--on-accent);
  display: flex; align-items: center; justify-content: center;
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.3);
}
.left .launcher { right: auto; left: 20px; }

.panel {
  position: fixed; bottom: 92px; right: 20px; z-index: 2147483001;
  width: min(390px, calc(100vw - 40px)); height: min(640px, calc(100vh - 112px));
  display: flex; flex-direction: column;
  background: var(--bg); color: var(--fg);
  border: 1px solid var(--border); border-radius: 14px; overflow: hidden;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.28);
  animation: rise 160ms ease-out;
}
.left .panel { right: auto; left: 20px; }
@keyframes rise { from { opacity: 0; transform: translateY(12px); } to { opacity: 1; transform: none; } }
/* Phones, and desktops zoomed so far that a floating panel would be cramped: the whole screen. */
@media (max-width: 480px), (max-height: 520px) {
  .panel, .left .panel { inset: 0; width: 100%; height: 100%; max-height: 100dvh; border-radius: 0; border: 0; }
}

header {
  display: flex; align-items: center; gap: 8px; padding: 10px 10px 10px 16px;
  background: var(--accent); color: var(--on-accent);
}
header h2 { flex: 1; margin: 0; font-size: 1.05em; font-weight: 600; line-height: 1.3; }
.close { width: 40px; height: 40px; border: 0; border-radius: 50%; background: transparent; color: inherit; display: flex; align-items: center; justify-content: center; }
.close:hover { background: rgba(127, 127, 127, 0.25); }
.close:focus-visible { outline-color: var(--on-accent); outline-offset: -3px; }

.log { flex: 1; overflow-y: auto; padding: 14px 12px 6px; overscroll-behavior: contain; }
.messages { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
.msg { max-width: 92%; padding: 10px 12px; border-radius: 14px; overflow-wrap: anywhere; }
.msg p { margin: 0 0 0.5em; white-space: pre-line; }
.msg > :last-child, .msg p:last-child { margin-bottom: 0; }
.user { align-self: flex-end; background: var(--user-bg); color: var(--user-fg); border-bottom-right-radius: 4px; }
.user p { white-space: pre-wrap; unicode-bidi: plaintext; }
.bot { align-self: flex-start; background: var(--surface); border-bottom-left-radius: 4px; }
.title { font-weight: 650; }
.note { color: var(--muted); font-size: 0.94em; }
.steps { margin: 0 0 0.6em; padding-left: 1.4em; }
.steps li { margin-bottom: 0.25em; }

.fields { margin: 0 0 0.6em; display: grid; gap: 6px; }
.field { background: var(--bg); border: 1px solid var(--border); border-radius: 8px; padding: 6px 8px; }
.field dt { font-size: 0.85em; color: var(--muted); }
.field dd { margin: 2px 0 0; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 14px; overflow-wrap: anywhere; }
.piece { display: inline-flex; align-items: center; gap: 4px; max-width: 100%; white-space: pre; }
.piece code { white-space: normal; }
.field code { font: 0.95em/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; font-weight: 600; }
.copy { flex: none; display: inline-flex; align-items: center; justify-content: center; width: 32px; height: 32px; padding: 0; border: 1px solid var(--border); border-radius: 6px; background: var(--surface); color: var(--muted); }
.copy:hover { color: var(--fg); }
.copy.done { border-color: var(--ok); color: var(--ok); }

.checks { list-style: none; margin: 0 0 0.6em; padding: 0; }
.check { display: flex; gap: 8px; margin-bottom: 4px; }
.mark { flex: none; width: 1.3em; text-align: center; font-weight: 700; }
.check.ok .mark { color: var(--ok); } .check.warn .mark { color: var(--warn); } .check.fail .mark { color: var(--fail); } .check.skipped .mark { color: var(--muted); }

.more { margin: 0 0 0.6em; padding: 0; border: 0; background: none; color: var(--accent); text-decoration: underline; font-weight: 600; }
.more::after { content: " ▸"; }
.more[aria-expanded="true"]::after { content: " ▾"; }
.more-body { border-left: 3px solid var(--border); padding-left: 10px; margin-bottom: 0.6em; }
.wrap:not(.custom-color) .more { color: var(--focus); }

.links { margin: 0 0 0.6em; padding-left: 1.2em; }
.links a { color: var(--focus); }

.actions, .chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.action { display: inline-flex; align-items: center; gap: 6px; min-height: 40px; padding: 6px 12px; border: 0; border-radius: 8px; background: var(--accent); color: var(--on-accent); font-weight: 600; }
.action.secondary { background: var(--bg); color: var(--fg); border: 1px solid var(--border); }
.action:disabled { opacity: 0.6; cursor: default; }
.chip { min-height: 36px; padding: 4px 12px; border: 1px solid var(--accent); border-radius: 18px; background: var(--bg); color: var(--fg); }
.chip:hover, .action.secondary:hover { background: var(--surface); }

.typing { display: flex; gap: 4px; padding: 4px 12px 8px; }
.typing span { width: 8px; height: 8px; border-radius: 50%; background: var(--muted); animation: blink 1.2s infinite ease-in-out; }
.typing span:nth-child(2) { animation-delay: 0.2s; } .typing span:nth-child(3) { animation-delay: 0.4s; }
@keyframes blink { 0%, 80%, 100% { opacity: 0.25; } 40% { opacity: 1; } }

.error { display: flex; align-items: center; gap: 10px; margin: 0 12px 8px; padding: 8px 10px; border-radius: 8px; border: 1px solid var(--fail); color: var(--fg); background: var(--bg); font-size: 0.94em; }
.error p { flex: 1; margin: 0; }
.retry { flex: none; min-height: 36px; padding: 4px 12px; border-radius: 8px; border: 1px solid var(--fail); background: var(--surface); font-weight: 600; }

form { display: flex; gap: 8px; align-items: flex-end; padding: 10px 12px 12px; border-top: 1px solid var(--border); }
textarea {
  flex: 1; min-height: 44px; max-height: 140px; resize: none; padding: 10px 12px;
  font: inherit; color: var(--fg); background: var(--bg);
  border: 1px solid var(--muted); border-radius: 10px;
}
textarea::placeholder { color: var(--muted); opacity: 1; }
.send { flex: none; width: 44px; height: 44px; border: 0; border-radius: 50%; background: var(--accent); color: var(--on-accent); display: flex; align-items: center; justify-content: center; }

@media (prefers-reduced-motion: reduce) {
  .panel { animation: none; }
  .typing span { animation: none; opacity: 0.7; }
  .log { scroll-behavior: auto; }
}
@media (forced-colors: active) {
  .launcher, .send, .action, .chip, .copy, .msg { border: 1px solid CanvasText; }
}
`;
