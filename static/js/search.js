// Search suggestions as you type in the header box (the box works without this file).
// An ARIA combobox: the suggestions are a listbox under the box; arrows move, Enter opens,
// Escape closes. Requests wait for a pause in typing and only the latest one counts.
(function () {
  "use strict";

  var input = document.getElementById("site-search-q");
  if (!input || !window.fetch || !input.getAttribute("data-suggest-url")) {
    return;
  }
  var endpoint = input.getAttribute("data-suggest-url");
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var form = input.form;
  var status = form ? form.querySelector("[data-suggest-status]") : null;
  var pageLanguage = (document.documentElement.lang || "ru").slice(0, 2);
  var DELAY = 200;
  var MIN_LENGTH = 3;
  var timer = null;
  var controller = null;
  var latest = "";
  var options = [];
  var active = -1;

  function close() {
    list.hidden = true;
    list.textContent = "";
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function announce(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function highlight(index) {
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
      option.classList.toggle("is-active", i === index);
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function go(option) {
    var url = option && option.getAttribute("data-url");
    if (url) {
      window.location.assign(url);
    }
  }

  function render(data) {
    if (!data || data.query !== latest) {
      return; // An answer to an older query.
    }
    close();
    if (!data.results.length) {
      announce("");
      return;
    }
    data.results.forEach(function (result, i) {
      var option = document.createElement("li");
      option.id = "site-search-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-url", result.url);
      option.className = "search-suggestions__option";
      var label = document.createElement("span");
      label.className = "search-suggestions__label";
      label.textContent = result.label;
      var script = /[\u0400-\u04ff]/.test(result.label) ? "ru" : /[a-z]/i.test(result.label) ? "en" : "";
      if (script && script !== pageLanguage) {
        label.setAttribute("lang", script); // A name or title in the other language.
      }
      var kind = document.createElement("span");
      kind.className = "search-suggestions__kind";
      kind.textContent = result.kind_label;
      option.appendChild(label);
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // Keep the focus in the box until the click.
      });
      option.addEventListener("click", function () {
        go(option);
      });
      list.appendChild(option);
      options.push(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    var text = status ? status.getAttribute("data-text") || "{count}" : "";
    announce(text.replace("{count}", String(options.length)));
  }

  function request() {
    var query = input.value.trim();
    if (query.length < MIN_LENGTH) {
      latest = "";
      close();
      return;
    }
    if (query === latest && !list.hidden) {
      return;
    }
    latest = query;
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    fetch(endpoint + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(render)
      .catch(function () {
        /* Offline or aborted: the plain form still works. */
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(request, DELAY);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "Down") {
      if (list.hidden) {
        request();
        return;
      }
      event.preventDefault();
      highlight(active + 1 < options.length ? active + 1 : 0);
    } else if (event.key === "ArrowUp" || event.key === "Up") {
      if (!list.hidden) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      }
    } else if (event.key === "Enter") {
      if (!list.hidden && active >= 0) {
        event.preventDefault();
        go(options[active]);
      }
    } else if (event.key === "Escape" || event.key === "Esc") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });

  input.addEventListener("blur", function () {
    window.setTimeout(close, 150);
  });
})();
