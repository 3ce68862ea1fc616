/*
 * Suggestions under the header search box (progressive enhancement).
 *
 * The form works without this script: it submits to the search page. With it, typing two
 * or more characters asks the form's data-autocomplete-url for page titles and lists them;
 * arrow keys move through them, Enter opens one, Escape closes the list.
 */
(function () {
    "use strict";

    var DELAY_MS = 200;

    function setUp(form) {
        var input = form.querySelector("input[name=q]");
        var list = form.querySelector("[role=listbox]");
        var endpoint = form.getAttribute("data-autocomplete-url");
        if (!input || !list || !endpoint || !window.fetch) {
            return;
        }
        var timer = null;
        var active = -1;
        var controller = null;

        function close() {
            list.hidden = true;
            list.textContent = "";
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function show(results) {
            list.textContent = "";
            results.forEach(function (result, index) {
                var item = document.createElement("li");
                var link = document.createElement("a");
                item.id = "site-search-suggestion-" + index;
                item.setAttribute("role", "option");
                link.href = result.url;
                link.textContent = result.title;
                var type = document.createElement("span");
                type.className = "site-search__type";
                type.textContent = result.type;
                link.appendChild(type);
                item.appendChild(link);
                list.appendChild(item);
            });
            list.hidden = results.length === 0;
            input.setAttribute("aria-expanded", results.length ? "true" : "false");
        }

        function highlight(index) {
            var items = list.querySelectorAll("[role=option]");
            if (!items.length) {
                return;
            }
            active = (index + items.length) % items.length;
            items.forEach(function (item, position) {
                item.setAttribute("aria-selected", position === active ? "true" : "false");
            });
            input.setAttribute("aria-activedescendant", items[active].id);
        }

        function suggest() {
            var text = input.value.trim();
            if (text.length < 2) {
                close();
                return;
            }
            if (controller) {
                controller.abort();
            }
            controller = window.AbortController ? new AbortController() : null;
            var url = endpoint + "&q=" + encodeURIComponent(text);
            fetch(url, { headers: { Accept: "application/json" }, signal: controller && controller.signal })
                .then(function (response) { return response.ok ? response.json() : { results: [] }; })
                .then(function (data) { show(data.results || []); })
                .catch(function () { /* offline or aborted: the form still works */ });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(suggest, DELAY_MS);
        });
        input.addEventListener("keydown", function (event) {
            if (list.hidden) {
                return;
            }
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                highlight(active + (event.key === "ArrowDown" ? 1 : -1));
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                list.querySelectorAll("[role=option] a")[active].click();
            } else if (event.key === "Escape") {
                close();
            }
        });
        document.addEventListener("click", function (event) {
            if (!form.contains(event.target)) {
                close();
            }
        });
    }

    document.querySelectorAll("form[data-autocomplete-url]").forEach(setUp);
})();
