// A web page's way of following one Parley session live with the browser's own EventSource, as
// docs/browser-streams.md describes it: a single-use ticket bought with the bearer token opens the
// stream; when EventSource has given up (its own reconnect presents the used ticket and is refused),
// a new ticket and the last event id seen resume it. BrowserEventSourceTest drives it and reads
// `state`; on the same origin it is injected into /docs, on another origin follow.html loads it.
window.parleyFollower = (function () {
  "use strict";
  const state = { received: [], openedAfter: [], connected: 0, failures: [] };
  let api = "";
  let token = "";
  let sessionId = 0;
  let lastId = null;

  async function newTicket() {
    const response = await fetch(api + "/sessions/" + sessionId + "/events/tickets", {
      method: "POST",
      headers: { Authorization: "Bearer " + token }
    });
    if (!response.ok) {
      throw new Error("POST .../events/tickets answered " + response.status);
    }
    return (await response.json()).ticket;
  }

  async function open() {
    let ticket;
    try {
      ticket = await newTicket();
    } catch (e) {
      // The server is down or restarting: try again shortly.
      state.failures.push(String(e));
      setTimeout(open, 500);
      return;
    }
    const resume = lastId === null ? "" : "&after_id=" + encodeURIComponent(lastId);
    const source = new EventSource(api + "/sessions/" + sessionId + "/events?ticket=" + encodeURIComponent(ticket) + resume);
    state.openedAfter.push(lastId);
    source.addEventListener("open", function () {
      state.connected++;
    });
    source.addEventListener("message", function (event) {
      lastId = event.lastEventId;
      const message = JSON.parse(event.data);
      state.received.push({ id: message.id, text: message.text });
    });
    source.addEventListener("error", function () {
      // CONNECTING: EventSource is retrying by itself (the server went away); let it. CLOSED: it
      // gave up, as it does when its retry presents the used ticket and gets 401.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(open, 500);
      }
    });
  }

  return {
    state: state,
    start: function (apiBase, accessToken, session) {
      api = apiBase;
      token = accessToken;
      sessionId = session;
      open();
    }
  };
})();
