/**
 * The widget's whole stylesheet, applied inside its shadow root. `:host` resets everything the page could have set
 * on the host element: a page's `!important` rules lose to `!important` ones of the shadow tree, and page
 * selectors never reach inside. Media queries still follow the viewport, which is what the mobile layout needs.
 */
export const WIDGET_CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;inset:auto 0 0 auto!important;width:0!important;height:0!important;z-index:2147483000!important;visibility:visible!important;opacity:1!important;pointer-events:auto!important;transform:none!important;contain:none!important}
*,*::before,*::after{box-sizing:border-box;margin:0;padding:0}
[hidden]{display:none!important}
.root{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1c2430;-webkit-text-size-adjust:100%}
button,textarea{font:inherit;color:inherit}
button{cursor:pointer}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border:0;border-radius:50%;background:#2b4c7e;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}
.launcher svg{width:26px;height:26px;fill:currentColor}
.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#d93025;color:#fff;font-size:12px;line-height:20px;text-align:center}
.panel{position:fixed;right:20px;bottom:88px;width:370px;height:min(600px,calc(100vh - 108px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden}
.header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:#2b4c7e;color:#fff}
.title{flex:1;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.close{border:0;background:transparent;color:#fff;font-size:22px;line-height:1;width:32px;height:32px;border-radius:6px}
.banner{padding:6px 14px;background:#fff4ce;color:#5c4400;font-size:13px}
.banner.error{background:#fde7e9;color:#8a1c24}
.log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;overscroll-behavior:contain}
.greeting,.status{align-self:center;text-align:center;font-size:12px;color:#5b6675}
.msg{max-width:82%;display:flex;flex-direction:column;gap:2px}
.msg.customer{align-self:flex-end;align-items:flex-end}
.msg.bot,.msg.operator{align-self:flex-start}
.who{font-size:11px;color:#5b6675}
.bubble{padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere;background:#e9edf2}
.customer .bubble{background:#2b4c7e;color:#fff}
.operator .bubble{background:#fdf1d6}
.state{font-size:11px;color:#5b6675;display:flex;gap:6px;align-items:center}
.msg.failed .state{color:#b3261e}
.msg.sending .bubble{opacity:.7}
.retry{border:1px solid currentColor;background:transparent;border-radius:10px;padding:0 8px;font-size:11px}
.msg.draft .bubble::after{content:"";display:inline-block;width:6px;height:1em;margin-left:2px;vertical-align:-2px;background:currentColor;opacity:.4}
.sources{margin-top:2px;padding:2px 0 2px 8px;border-left:3px solid #c5ccd6;font-size:12px;color:#5b6675;max-width:100%}
.sources-label{display:block;font-size:11px;font-weight:600}
.sources-list{list-style:none;display:flex;flex-direction:column;gap:2px}
.sources-list li{display:flex;gap:4px;align-items:baseline;min-width:0}
.source-number{flex:none;font-variant-numeric:tabular-nums}
.source-title{flex:0 1 auto;min-width:0;overflow:hidden;overflow-wrap:anywhere;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2}
a.source-title{color:#2b4c7e;text-decoration:underline}
.source-host{flex:0 1000 auto;min-width:4em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.replies{display:flex;flex-wrap:wrap;gap:6px;margin-top:4px}
.replies button{border:1px solid #2b4c7e;background:#fff;color:#2b4c7e;border-radius:14px;padding:4px 10px;font-size:13px}
.replies button:disabled{opacity:.5;cursor:default}
.typing{min-height:18px;padding:0 14px;font-size:12px;color:#5b6675}
.actions{display:flex;padding:0 12px}
.handoff{border:0;background:transparent;color:#2b4c7e;text-decoration:underline;font-size:12px;padding:4px 2px}
.composer{display:flex;gap:8px;padding:10px 12px 12px;border-top:1px solid #dde2e8}
.input{flex:1;resize:none;height:40px;max-height:120px;padding:9px 12px;border:1px solid #c5ccd6;border-radius:18px;background:#fff}
.send{padding:0 16px;border:0;border-radius:18px;background:#2b4c7e;color:#fff}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
@media (max-width:480px){
.panel{inset:0;width:100%;height:100%;border-radius:0}
.root.open .launcher{display:none}
.input{font-size:16px}
}
@media (prefers-reduced-motion:no-preference){.panel{animation:rise .15s ease-out}@keyframes rise{from{opacity:0;transform:translateY(8px)}}}
@media (prefers-reduced-motion:no-preference){.msg.draft .bubble::after{animation:caret 1s steps(1) infinite}@keyframes caret{50%{opacity:0}}}
`;

/**
 * Attaches the stylesheet. Constructed stylesheets are not inline `<style>` elements, so a host page's strict
 * `style-src` CSP does not block them; a browser without them gets a `<style>` element instead.
 */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = WIDGET_CSS;
  root.append(style);
}
