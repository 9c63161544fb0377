// Passkeys and security keys (WebAuthn). On a form marked data-passkey="register" (adding a key)
// or data-passkey="sign-in" (the second step of logging in): ask the server for the ceremony's
// options, let the browser talk to the key, put the key's answer (JSON, binary values in
// base64url) in the form's hidden field "credential" and send the form as any other. When the
// options are refused for a reason the server words, the words show in the form; any other
// answer (a name to correct, a login that expired) sends the form, and the page that comes back
// says what is wrong. Without this script the form goes empty and the server says so.
(function () {
  "use strict";

  var forms = document.querySelectorAll("form[data-passkey]");
  if (!forms.length) {
    return;
  }
  var supported = !!(window.PublicKeyCredential && navigator.credentials && window.fetch);

  // base64url (RFC 4648 §5, no padding) to bytes, and back.
  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) {
      base64 += "=";
    }
    var binary = window.atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      var descriptor = { type: item.type, id: toBytes(item.id) };
      if (item.transports) {
        descriptor.transports = item.transports;
      }
      return descriptor;
    });
  }

  // The options as the server sends them (JSON) made into what the browser takes.
  function ask(kind, options) {
    options.challenge = toBytes(options.challenge);
    if (kind === "register") {
      options.user.id = toBytes(options.user.id);
      options.excludeCredentials = descriptors(options.excludeCredentials);
      return navigator.credentials.create({ publicKey: options });
    }
    options.allowCredentials = descriptors(options.allowCredentials);
    return navigator.credentials.get({ publicKey: options });
  }

  // The key's answer as JSON, in the form the server reads (WebAuthn's "JSON serialisation").
  function answer(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: {},
      response: { clientDataJSON: toText(response.clientDataJSON) }
    };
    if (credential.authenticatorAttachment) {
      json.authenticatorAttachment = credential.authenticatorAttachment;
    }
    if (response.attestationObject) {
      json.response.attestationObject = toText(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      json.response.authenticatorData = toText(response.authenticatorData);
      json.response.signature = toText(response.signature);
      if (response.userHandle) {
        json.response.userHandle = toText(response.userHandle);
      }
    }
    return json;
  }

  function setUp(form) {
    var kind = form.getAttribute("data-passkey");
    var field = form.elements.credential;
    var status = form.querySelector("[data-passkey-status]");
    var button = form.querySelector("button[type=submit]");
    field.value = ""; // also when the page comes back from the browser's history

    function say(text) {
      status.textContent = text || "";
      status.hidden = !text;
      button.disabled = false;
    }

    function send(credential) {
      field.value = JSON.stringify(answer(credential));
      form.submit();
    }

    function begin(response) {
      if (response.status === 200) {
        return response.json().then(function (options) {
          return ask(kind, options).then(send, function (error) {
            // InvalidStateError: the authenticator holds one of the keys the options exclude.
            var known = error && error.name === "InvalidStateError";
            say((known && form.getAttribute("data-known")) || form.getAttribute("data-failed"));
          });
        });
      }
      if (response.status === 400) {
        return response.json().then(function (body) {
          say(body.error);
        });
      }
      form.submit();
      return null;
    }

    form.addEventListener("submit", function (event) {
      if (field.value) {
        return;
      }
      event.preventDefault();
      if (!supported) {
        say(form.getAttribute("data-unsupported"));
        return;
      }
      say("");
      button.disabled = true;
      fetch(form.getAttribute("data-options-url"), {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" }
      })
        .then(begin)
        .catch(function () {
          say(form.getAttribute("data-failed"));
        });
    });
  }

  Array.prototype.forEach.call(forms, setUp);
})();
