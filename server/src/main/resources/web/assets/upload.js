// The upload page (hub/upload.jte). Files and folders come by drag and drop or the pickers; "Commit changes" then
// makes the calls huggingface_hub makes: preupload (which files are large), the git-lfs batch with multipart parts,
// the signed part URLs, and one NDJSON commit. Large files never travel as base64: their parts are PUT as raw bytes.
// Every API call carries this page's CSRF token in X-CSRF-Token; with it, and only with it, the API takes the session
// cookie as the caller (server.http.Auth). The signed part URLs need neither: their signature names the session.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) {
    return;
  }
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var LFS_JSON = "application/vnd.git-lfs+json";
  // As the server decides without .gitattributes (hub CommitRoutes.LFS_THRESHOLD): 10 MiB or more is a large file.
  var LFS_THRESHOLD = 10 * 1024 * 1024;
  // crypto.subtle hashes one whole buffer, so a file is read into memory to hash it; beyond this size (and where
  // crypto.subtle is missing: plain http off localhost) the file is hashed here in slices of HASH_SLICE bytes.
  var SUBTLE_MAX_BYTES = 256 * 1024 * 1024;
  var HASH_SLICE = 8 * 1024 * 1024;
  var RETRIES = 5;
  var picked = new Map();
  var list = document.getElementById("upload-list");
  var status = document.getElementById("upload-status");
  var button = document.getElementById("upload-submit");
  var zone = document.getElementById("dropzone");

  function add(path, file) {
    path = path.replace(/^\/+/, "");
    var old = picked.get(path);
    if (old) {
      old.row.remove();
    }
    var row = document.createElement("tr");
    var name = row.insertCell();
    name.className = "mono";
    name.textContent = path;
    var size = row.insertCell();
    size.className = "num";
    size.textContent = file.size.toLocaleString();
    size.title = file.size + " bytes";
    var cell = row.insertCell();
    var bar = document.createElement("progress");
    bar.max = Math.max(file.size, 1);
    bar.value = 0;
    bar.setAttribute("aria-label", "Upload of " + path);
    var state = document.createElement("span");
    state.className = "help";
    state.textContent = " ready";
    cell.append(bar, state);
    list.append(row);
    picked.set(path, { path: path, file: file, row: row, bar: bar, state: state, doneParts: new Set(), doneBytes: 0 });
  }

  document.getElementById("upload-files").addEventListener("change", function (event) {
    Array.from(event.target.files).forEach(function (f) { add(f.name, f); });
  });
  document.getElementById("upload-folder").addEventListener("change", function (event) {
    Array.from(event.target.files).forEach(function (f) { add(f.webkitRelativePath || f.name, f); });
  });

  zone.addEventListener("dragover", function (event) {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("over");
    // Entries must be taken while the event runs; folders are then walked asynchronously.
    Array.from(event.dataTransfer.items).forEach(function (item) {
      if (item.kind !== "file") {
        return;
      }
      var entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
      if (entry) {
        walk(entry);
      } else {
        var f = item.getAsFile();
        add(f.webkitRelativePath || f.name, f);
      }
    });
  });

  function walk(entry) {
    if (entry.isFile) {
      entry.file(function (f) { add(entry.fullPath, f); });
    } else if (entry.isDirectory) {
      var reader = entry.createReader();
      var more = function () {
        reader.readEntries(function (entries) {
          entries.forEach(walk);
          if (entries.length > 0) {
            more(); // a directory reader answers in batches until it answers none
          }
        });
      };
      more();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (picked.size === 0) {
      status.textContent = "Choose or drop files first.";
      return;
    }
    button.disabled = true;
    upload().then(function (commitUrl) {
      status.textContent = "Committed. Opening the repository…";
      window.location.assign(form.dataset.repo + "?committed=" + encodeURIComponent(commitUrl.split("/").pop()));
    }, function (err) {
      status.textContent = "Upload failed: " + err.message;
      button.disabled = false;
    });
  });

  async function upload() {
    var api = form.dataset.api;
    var base = document.getElementById("upload-branch").value;
    var target = base;
    if (form.querySelector('input[name="target"]:checked').value === "new") {
      target = document.getElementById("upload-new-branch").value.trim();
      if (!target) {
        throw new Error("name the new branch");
      }
    }
    var entries = Array.from(picked.values());
    await decideModes(api, base, entries);
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].large) {
        await uploadLarge(entries[i], base);
      }
    }
    if (target !== base) {
      status.textContent = "Creating branch " + target + "…";
      await call("POST", api + "/branch/" + encodeURIComponent(target), JSON.stringify({ startingPoint: base }), "application/json");
    }
    status.textContent = "Committing…";
    var lines = [{ key: "header", value: { summary: form.elements.summary.value, description: form.elements.description.value } }];
    for (var j = 0; j < entries.length; j++) {
      var e = entries[j];
      if (e.large) {
        lines.push({ key: "lfsFile", value: { path: e.path, algo: "sha256", oid: e.oid, size: e.file.size } });
      } else {
        lines.push({ key: "file", value: { path: e.path, encoding: "base64", content: base64(await e.file.arrayBuffer()) } });
        done(e, "in the commit");
      }
    }
    var answer = await call("POST", api + "/commit/" + encodeURIComponent(target),
        lines.map(function (l) { return JSON.stringify(l); }).join("\n"), "application/x-ndjson");
    return JSON.parse(answer).commitUrl;
  }

  /** Which files are large: the server's preupload answer once the repository has a commit, else size or binary. */
  async function decideModes(api, base, entries) {
    if (form.dataset.hasCommits !== "true") {
      for (var k = 0; k < entries.length; k++) {
        var head = new Uint8Array(await entries[k].file.slice(0, 8000).arrayBuffer());
        entries[k].large = entries[k].file.size >= LFS_THRESHOLD || head.indexOf(0) >= 0;
      }
      return;
    }
    for (var i = 0; i < entries.length; i += 250) {
      var chunk = entries.slice(i, i + 250);
      var files = [];
      for (var j = 0; j < chunk.length; j++) {
        files.push({ path: chunk[j].path, size: chunk[j].file.size, sample: base64(await chunk[j].file.slice(0, 512).arrayBuffer()) });
      }
      var modes = JSON.parse(await call("POST", api + "/preupload/" + encodeURIComponent(base), JSON.stringify({ files: files }), "application/json"));
      modes.files.forEach(function (m, n) { chunk[n].large = m.uploadMode === "lfs"; });
    }
  }

  /**
   * One large file: hash, ask the batch endpoint for its upload action, send what the server lacks. Parts that were
   * stored stay in entry.doneParts: a part whose connection drops is sent again after a pause, the others are not.
   * Signed URLs that expired (403) are asked for once more; the server staged the parts under the same part size.
   */
  async function uploadLarge(entry, branch) {
    if (!entry.oid) {
      entry.state.textContent = " hashing…";
      entry.oid = await sha256(entry.file);
    }
    for (var attempt = 0; ; attempt++) {
      var body = { operation: "upload", transfers: ["basic", "multipart"], ref: { name: "refs/heads/" + branch },
        objects: [{ oid: entry.oid, size: entry.file.size }], hash_algo: "sha256" };
      var object = JSON.parse(await call("POST", form.dataset.lfsBatch, JSON.stringify(body), LFS_JSON)).objects[0];
      if (object.error) {
        throw new Error(entry.path + ": " + object.error.message);
      }
      if (!object.actions || !object.actions.upload) {
        done(entry, "already stored");
        return;
      }
      try {
        await sendObject(entry, object.actions.upload);
        done(entry, "stored (LFS)");
        return;
      } catch (err) {
        if (err.status !== 403 || attempt > 0) {
          throw err;
        }
      }
    }
  }

  async function sendObject(entry, action) {
    var header = action.header || {};
    var file = entry.file;
    if (!header.chunk_size) {
      await retrying(entry, "the file", function () {
        return send("PUT", action.href, file, null, function (loaded) { entry.bar.value = loaded; });
      });
      return;
    }
    var partSize = Number(header.chunk_size);
    var urls = Object.keys(header).filter(function (k) { return /^[0-9]+$/.test(k); }).sort().map(function (k) { return header[k]; });
    var parts = [];
    for (var i = 0; i < urls.length; i++) {
      var number = i + 1;
      var start = i * partSize;
      var end = Math.min(start + partSize, file.size);
      if (!entry.doneParts.has(number)) {
        entry.state.textContent = " part " + number + " of " + urls.length;
        var answer = await retrying(entry, "part " + number, sendPart(entry, urls[i], file.slice(start, end)));
        entry.doneParts.add(number);
        entry.doneBytes += end - start;
        entry.bar.value = entry.doneBytes;
        entry.etags = entry.etags || {};
        entry.etags[number] = answer.etag;
      }
      parts.push({ partNumber: number, etag: (entry.etags && entry.etags[number]) || "" });
    }
    entry.state.textContent = " completing…";
    await retrying(entry, "completion", function () {
      return send("POST", action.href, JSON.stringify({ oid: entry.oid, parts: parts }), LFS_JSON, null);
    });
  }

  function sendPart(entry, url, slice) {
    return function () {
      return send("PUT", url, slice, null, function (loaded) { entry.bar.value = entry.doneBytes + loaded; });
    };
  }

  /** Runs fn again after a dropped connection or a 5xx, waiting 1, 2, 4… s; any other refusal is final. */
  async function retrying(entry, what, fn) {
    for (var attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!err.retryable || attempt >= RETRIES) {
          throw err;
        }
        var wait = 1000 << attempt;
        entry.state.textContent = " connection lost; sending " + what + " again in " + wait / 1000 + " s";
        await new Promise(function (resolve) { setTimeout(resolve, wait); });
      }
    }
  }

  function done(entry, text) {
    entry.bar.value = entry.bar.max;
    entry.state.textContent = " " + text;
  }

  /** An API call as the signed-in browser: the CSRF header makes the API accept the session cookie. */
  function call(method, url, body, type) {
    return send(method, url, body, type, null, true).then(function (r) { return r.text; });
  }

  /** XMLHttpRequest (fetch reports no upload progress); rejects with .status and .retryable. */
  function send(method, url, body, type, progress, withCsrf) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      if (type) {
        xhr.setRequestHeader("Content-Type", type);
      }
      if (withCsrf) {
        xhr.setRequestHeader("X-CSRF-Token", csrf);
      }
      if (progress) {
        xhr.upload.onprogress = function (e) { progress(e.loaded); };
      }
      var dropped = function () {
        var err = new Error("the connection was lost");
        err.retryable = true;
        err.status = 0;
        reject(err);
      };
      xhr.onerror = dropped;
      xhr.onabort = dropped;
      xhr.ontimeout = dropped;
      xhr.onload = function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve({ text: xhr.responseText, etag: xhr.getResponseHeader("ETag") });
          return;
        }
        var message = xhr.status + " " + xhr.statusText;
        try {
          message = JSON.parse(xhr.responseText).error || message;
        } catch (ignored) {
          // not JSON: keep the status line
        }
        var err = new Error(message);
        err.status = xhr.status;
        err.retryable = xhr.status >= 500;
        reject(err);
      };
      xhr.send(body);
    });
  }

  function base64(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  }

  function hex(bytes) {
    return Array.from(new Uint8Array(bytes), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  async function sha256(file) {
    if (window.crypto && crypto.subtle && file.size <= SUBTLE_MAX_BYTES) {
      return hex(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
    }
    var hash = new Sha256();
    for (var at = 0; at < file.size; at += HASH_SLICE) {
      hash.update(new Uint8Array(await file.slice(at, at + HASH_SLICE).arrayBuffer()));
    }
    return hex(hash.digest());
  }

  // SHA-256 (FIPS 180-4) fed in slices, for files crypto.subtle would have to hold whole.
  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function Sha256() {
    this.h = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    this.pending = new Uint8Array(64);
    this.pendingLength = 0;
    this.total = 0;
    this.w = new Int32Array(64);
  }

  Sha256.prototype.update = function (bytes) {
    var at = 0;
    this.total += bytes.length;
    if (this.pendingLength > 0) {
      var take = Math.min(64 - this.pendingLength, bytes.length);
      this.pending.set(bytes.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      at = take;
      if (this.pendingLength < 64) {
        return;
      }
      this.block(this.pending, 0);
      this.pendingLength = 0;
    }
    for (; at + 64 <= bytes.length; at += 64) {
      this.block(bytes, at);
    }
    this.pending.set(bytes.subarray(at), 0);
    this.pendingLength = bytes.length - at;
  };

  Sha256.prototype.digest = function () {
    var bits = this.total * 8;
    var tail = new Uint8Array((this.pendingLength < 56 ? 64 : 128) - this.pendingLength);
    tail[0] = 0x80;
    var view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
    view.setUint32(tail.length - 4, bits >>> 0);
    this.total -= tail.length; // the padding is no part of the message length
    this.update(tail);
    var out = new DataView(new ArrayBuffer(32));
    for (var i = 0; i < 8; i++) {
      out.setInt32(i * 4, this.h[i]);
    }
    return out.buffer;
  };

  Sha256.prototype.block = function (b, off) {
    var w = this.w;
    var i;
    for (i = 0; i < 16; i++) {
      w[i] = (b[off + 4 * i] << 24) | (b[off + 4 * i + 1] << 16) | (b[off + 4 * i + 2] << 8) | b[off + 4 * i + 3];
    }
    for (i = 16; i < 64; i++) {
      var x = w[i - 15];
      var y = w[i - 2];
      var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    var h = this.h;
    var a = h[0], c1 = h[1], c2 = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (i = 0; i < 64; i++) {
      var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      var t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      var t2 = (S0 + ((a & c1) ^ (a & c2) ^ (c1 & c2))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c2;
      c2 = c1;
      c1 = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += c1;
    h[2] += c2;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
  };
})();
