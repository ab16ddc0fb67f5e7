// A talk's session list offers only the sessions of the event chosen on the page (each
// option names its event in data-event; events.forms.SessionSelect). The server checks it too.
"use strict";
(function () {
  function narrow() {
    const event = document.getElementById("id_event");
    const session = document.getElementById("id_session");
    if (!event || !session) {
      return;
    }
    for (const option of session.options) {
      const other = Boolean(option.dataset.event && event.value && option.dataset.event !== event.value);
      option.hidden = other;
      option.disabled = other;
      if (other && option.selected) {
        session.value = "";
      }
    }
  }

  function init() {
    document.addEventListener("change", function (change) {
      if (change.target.id === "id_event") {
        narrow();
      }
    });
    // The event box is a select2 autocomplete, which tells jQuery, not the DOM, of a change;
    // django.jQuery exists once the page's scripts have all run.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on("change", "#id_event", narrow);
    }
    narrow();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
