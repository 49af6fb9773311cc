// The simulator: choose a person, show their chat, send as them.
(function () {
  "use strict";

  const STATUS = {
    pending: "🕓 wacht", sending: "🕓 wordt verstuurd", queued: "✓ in de wachtrij",
    sent: "✓ verstuurd", delivered: "✓✓ afgeleverd", read: "✓✓ gelezen",
    failed: "✗ mislukt", undelivered: "✗ niet afgeleverd",
  };
  const list = document.getElementById("people-list");
  const panel = document.getElementById("people-panel");
  const messages = document.getElementById("messages");
  const composer = document.getElementById("composer");
  const text = document.getElementById("text");
  let current = null;
  let shown = "";

  function narrow() { return window.matchMedia("(max-width: 720px)").matches; }

  function choose(address, name, role) {
    current = { address: address, name: name };
    shown = "";
    document.querySelectorAll(".person").forEach(function (b) {
      b.classList.toggle("active", b.dataset.address === address);
    });
    const who = name + (role ? " (" + role + ")" : "") + " · " + address.replace("whatsapp:", "");
    document.getElementById("chat-who").textContent = who;
    document.getElementById("current-summary").textContent = "Je bent " + name;
    [text, document.getElementById("send"), document.getElementById("photo")].forEach(function (el) { el.disabled = false; });
    if (narrow()) { panel.open = false; }
    refresh();
  }

  list.addEventListener("click", function (event) {
    const button = event.target.closest(".person");
    if (button) { choose(button.dataset.address, button.dataset.name, button.dataset.role); }
  });

  document.getElementById("new-number").addEventListener("submit", function (event) {
    event.preventDefault();
    const number = document.getElementById("new-number-input").value.trim();
    if (number) { choose(number, "Nieuw nummer", ""); }
  });

  function bubble(message) {
    const item = document.createElement("li");
    item.className = "bubble " + (message.direction === "in" ? "in" : "out");
    item.dataset.id = message.id;
    message.media.forEach(function (url) {
      const img = document.createElement("img");
      img.src = url; img.alt = "foto";
      item.appendChild(img);
    });
    const body = document.createElement("div");
    body.className = "body";
    body.textContent = message.body;
    item.appendChild(body);
    if (message.buttons.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      message.buttons.forEach(function (b) {
        const button = document.createElement("button");
        button.type = "button"; button.textContent = b.title;
        button.addEventListener("click", function () { post({ button: b }); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    const meta = document.createElement("div");
    meta.className = "meta";
    const time = new Date(message.at).toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" });
    const status = message.direction === "out" ? " " + (STATUS[message.status] || message.status) : "";
    meta.textContent = time + status;
    meta.classList.add("status-" + message.status);
    item.appendChild(meta);
    return item;
  }

  function render(data) {
    const fingerprint = JSON.stringify(data.messages);
    if (fingerprint === shown) { return; }
    shown = fingerprint;
    messages.replaceChildren();
    if (!data.messages.length) {
      const empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = "Nog geen berichten. Typ iets, bijvoorbeeld 'hulp'.";
      messages.appendChild(empty);
    }
    data.messages.forEach(function (m) { messages.appendChild(bubble(m)); });
    messages.scrollTop = messages.scrollHeight;
  }

  function refresh() {
    if (!current) { return; }
    const asked = current.address;
    fetch("/demo/api/chat?address=" + encodeURIComponent(asked))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && current && current.address === asked) { render(data); } })
      .catch(function () {});
  }

  function post(extra) {
    if (!current) { return Promise.resolve(); }
    const payload = Object.assign({ address: current.address, name: current.name }, extra);
    return fetch("/demo/api/send", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    }).then(refresh);
  }

  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    const body = text.value.trim();
    if (!body) { return; }
    text.value = "";
    post({ body: body });
  });

  document.getElementById("photo").addEventListener("click", function () {
    const body = text.value.trim();
    text.value = "";
    post({ body: body, photo: true });
  });

  if (narrow()) { panel.open = true; }
  setInterval(refresh, 1000);
})();
