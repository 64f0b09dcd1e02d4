// The edit page of a saved newsletter: the move buttons reorder the items in the page (their
// hidden `item` fields go with them, so Save sends the new order) instead of saving at once;
// without this script each move button saves the edits with the item moved.
(function () {
  "use strict";
  function renumber(list) {
    const items = Array.from(list.querySelectorAll("li.newsletter-item"));
    items.forEach(function (item, index) {
      item.querySelector(".place").textContent = index + 1 + ".";
      item.querySelector(".move-up").disabled = index === 0;
      item.querySelector(".move-down").disabled = index === items.length - 1;
    });
  }
  function unsaved(form) {
    const note = form.querySelector(".unsaved");
    if (note) note.hidden = false;
  }
  function setUp() {
    const form = document.getElementById("newsletter-edit");
    if (!form) return;
    const list = form.querySelector("ol.newsletter-items");
    form.addEventListener("click", function (event) {
      const button = event.target.closest("button.move-up, button.move-down");
      if (!button) return;
      event.preventDefault();
      const item = button.closest("li.newsletter-item");
      if (button.classList.contains("move-up") && item.previousElementSibling) {
        list.insertBefore(item, item.previousElementSibling);
      } else if (button.classList.contains("move-down") && item.nextElementSibling) {
        list.insertBefore(item.nextElementSibling, item);
      }
      renumber(list);
      unsaved(form);
      button.disabled ? item.querySelector("input[name=included]").focus() : button.focus();
    });
    form.addEventListener("input", function () { unsaved(form); });
    form.addEventListener("change", function (event) {
      if (event.target.name === "included") {
        event.target.closest("li.newsletter-item").classList.toggle("left-out", !event.target.checked);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", setUp);
})();
