import { MailconfigChat, setApiBase } from './element';

/**
 * The embed script: <script src="https://bot.example.com/chat/widget.js" defer
 * data-lang="fr" data-color="#0a7" data-position="bottom-left" data-open></script>.
 * It defines <mailconfig-chat> and, unless the page already placed one, adds one to the page
 * with the script's data- attributes.
 */
const script = document.currentScript as HTMLScriptElement | null;
if (script?.src) setApiBase(script.src);

if (!customElements.get('mailconfig-chat')) customElements.define('mailconfig-chat', class extends MailconfigChat {});

function mount(): void {
  if (document.querySelector('mailconfig-chat')) return;
  const element = document.createElement('mailconfig-chat');
  for (const name of ['lang', 'color', 'position', 'open']) {
    const value = script?.getAttribute(`data-${name}`);
    if (value !== null && value !== undefined) element.setAttribute(name, value);
  }
  document.body.appendChild(element);
}

if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount);
