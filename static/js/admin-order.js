// Rows of an admin inline moved up or down with the buttons beside their position
// (publications.forms.PositionInput); the positions are then numbered 1, 2, 3… in the order
// shown. Rows not in use (no person chosen, not saved) keep an empty position.
"use strict";
(function () {
  function rows(tbody) {
    return Array.from(tbody.querySelectorAll("tr.form-row:not(.empty-form)"));
  }

  function inUse(row) {
    if (row.classList.contains("has_original")) {
      return true;
    }
    const person = row.querySelector("select[name$='-person']");
    return Boolean(person && person.value);
  }

  function renumber(tbody) {
    let position = 0;
    for (const row of rows(tbody)) {
      const input = row.querySelector("input.position-input");
      if (input && inUse(row)) {
        position += 1;
        input.value = position;
      }
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".order-controls button[data-move]");
    if (!button) {
      return;
    }
    event.preventDefault();
    const row = button.closest("tr.form-row");
    const tbody = row.parentElement;
    const all = rows(tbody);
    const index = all.indexOf(row);
    if (button.dataset.move === "up" && index > 0) {
      tbody.insertBefore(row, all[index - 1]);
    } else if (button.dataset.move === "down" && index < all.length - 1) {
      tbody.insertBefore(all[index + 1], row);
    }
    renumber(tbody);
    button.focus();
  });

  // The buttons work only with scripts on: shown from here.
  function reveal() {
    for (const controls of document.querySelectorAll(".order-controls[hidden]")) {
      controls.hidden = false;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
  document.addEventListener("formset:added", reveal);
})();
