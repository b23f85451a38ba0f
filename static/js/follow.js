// Follow and unfollow without reloading the page. Without JavaScript, or if
// the request fails, the form posts as usual and the server redirects back.
(function () {
  "use strict";
  document.querySelectorAll("form[data-follow-form]").forEach(function (form) {
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector(".follow-form__status");
    var counter = form.closest("section").querySelector("[data-follower-count]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          var following = data.following;
          form.action = following ? form.dataset.unfollowUrl : form.dataset.followUrl;
          button.textContent = following ? form.dataset.unfollowLabel : form.dataset.followLabel;
          button.setAttribute("aria-pressed", following ? "true" : "false");
          button.classList.toggle("button--secondary", following);
          status.textContent = data.message;
          if (counter) {
            counter.innerHTML = data.followers_html;
          }
          button.disabled = false;
        })
        .catch(function () {
          // Let the server handle it the plain way (login, messages, errors).
          form.submit();
        });
    });
  });
})();
