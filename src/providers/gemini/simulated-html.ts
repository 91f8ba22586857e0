import type { SimResponse } from '../simulator.js';
import { htmlHeaders } from './simulated-headers.js';

/**
 * The Google front end's 404 page, sent for a path no API method matches (a base URL without
 * `/v1beta`, the OpenAI-compatible base used as a full URL, gm-069/gm-070). The page is Google's
 * standard one, copied byte for byte from a `curl` of an unknown path on a Google front end
 * (public notes quoting it); that generativelanguage.googleapis.com sends this page rather than an
 * empty body is reconstructed (`curl -I` shows `HTTP/2 404` with `server: scaffolding on
 * HTTPServer2`; @google/genai users saw an empty-bodied 404 once, googleapis/js-genai#930: the
 * `empty` variant).
 */
const STYLE =
  '*{margin:0;padding:0}html,code{font:15px/22px arial,sans-serif}html{background:#fff;color:#222;padding:15px}body{margin:7% auto 0;max-width:390px;min-height:180px;padding:30px 0 15px}* > body{background:url(//www.google.com/images/errors/robot.png) 100% 5px no-repeat;padding-right:205px}p{margin:11px 0 22px;overflow:hidden}ins{color:#777;text-decoration:none}a img{border:0}@media screen and (max-width:772px){body{background:none;margin-top:0;max-width:none;padding-right:0}}#logo{background:url(//www.google.com/images/branding/googlelogo/1x/googlelogo_color_150x54dp.png) no-repeat;margin-left:-5px}@media only screen and (min-resolution:192dpi){#logo{background:url(//www.google.com/images/branding/googlelogo/2x/googlelogo_color_150x54dp.png) no-repeat 0% 0%/100% 100%;-moz-border-image:url(//www.google.com/images/branding/googlelogo/2x/googlelogo_color_150x54dp.png) 0}}@media only screen and (-webkit-min-device-pixel-ratio:2){#logo{background:url(//www.google.com/images/branding/googlelogo/2x/googlelogo_color_150x54dp.png) no-repeat;-webkit-background-size:100% 100%}}#logo{display:inline-block;height:54px;width:150px}';

export function notFoundPage(path: string, variant: string | null = null): SimResponse {
  if (variant === 'empty') return { status: 404, headers: htmlHeaders(), body: '' };
  const body =
    '<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n' +
    '  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">\n' +
    '  <title>Error 404 (Not Found)!!1</title>\n' +
    `  <style>\n    ${STYLE}\n  </style>\n` +
    '  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n' +
    '  <p><b>404.</b> <ins>That’s an error.</ins>\n' +
    `  <p>The requested URL <code>${escapeHtml(path)}</code> was not found on this server.  <ins>That’s all we know.</ins>\n`;
  return { status: 404, headers: htmlHeaders(), body };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
