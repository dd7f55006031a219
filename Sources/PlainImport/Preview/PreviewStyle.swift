/// The preview page's fixed parts: its stylesheet and its one script. Neither holds anything
/// from the data; the script only rewrites `<time datetime>` texts into the viewer's local
/// time, and the page reads the same without it (times then show in UTC).
enum PreviewStyle {
    /// The script, constant text. Its hash goes into the page's Content-Security-Policy, so it
    /// is the only script that can run there.
    static let script = """
        (function () {
          var options = { dateStyle: "medium", timeStyle: "short" };
          var times = document.querySelectorAll("time[datetime]");
          for (var i = 0; i < times.length; i++) {
            var value = times[i].getAttribute("datetime");
            var date = new Date(value);
            if (isNaN(date.getTime())) continue;
            times[i].title = value;
            times[i].textContent = date.toLocaleString(undefined, options);
          }
          document.documentElement.className += " local-times";
        })();
        """

    /// System fonts only (Inter when the viewer has it): nothing is fetched.
    static let css = """
        :root {
          --ink: #1b1b1f; --muted: #6b6b76; --faint: #9a9aa4; --line: #e7e7eb; --line-strong: #d9d9df;
          --page: #f6f6f8; --card: #ffffff; --accent: #4a3aff;
          --ok: #17803d; --warn: #a65f00; --err: #c42b1c;
          font-family: Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); background: var(--page); -webkit-font-smoothing: antialiased;
        }
        * { box-sizing: border-box; }
        svg.i { fill: none; stroke: currentColor; stroke-width: 1.5; stroke-linecap: round; stroke-linejoin: round; }
        body { margin: 0; padding: 32px 20px 64px; font-size: 14px; line-height: 20px; }
        .page { max-width: 760px; margin: 0 auto; }
        code, .mono { font-family: "JetBrains Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
        .head { margin-bottom: 28px; }
        .brand { display: inline-flex; align-items: center; gap: 8px; font-size: 12px; font-weight: 600; color: var(--muted);
          text-transform: uppercase; letter-spacing: .06em; }
        .brand-mark { width: 18px; height: 18px; border-radius: 5px; background: var(--ink); display: inline-block; position: relative; }
        .brand-mark::after { content: ""; position: absolute; left: 5px; top: 5px; width: 8px; height: 8px; border-radius: 2px; background: #fff; }
        h1 { font-size: 22px; line-height: 28px; margin: 10px 0 6px; font-weight: 650; letter-spacing: -.01em; }
        .summary { color: var(--muted); margin: 0; }
        .stats { display: flex; flex-wrap: wrap; gap: 8px; margin: 14px 0 0; padding: 0; list-style: none; }
        .stat { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; font-size: 13px; color: var(--muted); }
        .stat b { color: var(--ink); font-weight: 600; margin-right: 4px; }
        .stat.bad { border-color: #f3c4bf; background: #fff6f5; }
        .stat.bad b { color: var(--err); }
        .jump { margin: 10px 0 0; font-size: 13px; color: var(--muted); }
        .jump a { color: var(--err); margin-right: 8px; }
        .tz-local { display: none; }
        .local-times .tz-local { display: inline; }
        .local-times .tz-utc { display: none; }
        .timeline { position: relative; list-style: none; margin: 0; padding: 0; }
        .timeline::before { content: ""; position: absolute; left: 13px; top: 8px; bottom: 8px; width: 1px; background: var(--line-strong); }
        .entry { position: relative; display: grid; grid-template-columns: 28px minmax(0, 1fr); column-gap: 14px; margin: 0 0 22px;
          content-visibility: auto; contain-intrinsic-size: auto 240px; }
        .entry-icon { position: relative; z-index: 1; width: 28px; height: 28px; border-radius: 50%; background: var(--card);
          border: 1px solid var(--line-strong); display: flex; align-items: center; justify-content: center; color: var(--muted); }
        .entry-icon svg { width: 14px; height: 14px; }
        .entry-head { display: flex; align-items: baseline; gap: 8px; min-height: 28px; padding-top: 4px; flex-wrap: wrap; }
        .entry-title { font-weight: 600; overflow-wrap: anywhere; }
        .entry-time { color: var(--muted); font-size: 13px; white-space: nowrap; }
        .entry-time.unset { font-style: italic; }
        .card { margin-top: 6px; background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px;
          box-shadow: 0 1px 2px rgba(20, 20, 30, .04); overflow-wrap: anywhere; }
        .card.empty { color: var(--faint); font-style: italic; }
        .meta { margin-top: 6px; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; line-height: 16px; color: var(--faint); }
        .meta .mono { color: var(--muted); }
        .meta .label { margin-right: 4px; }
        .invalid .entry-icon { border-color: #f0b7b0; background: #fff1ef; color: var(--err); }
        .invalid .entry-title { color: var(--err); }
        .invalid .card { border-color: #f0b7b0; background: #fff8f7; box-shadow: 0 0 0 3px #fde9e6; }
        .error-code { display: inline-block; font-size: 11px; font-weight: 600; color: var(--err); background: #fde3df; border-radius: 4px;
          padding: 1px 6px; margin-right: 6px; }
        .error-message { color: #7a1d12; }
        details { margin-top: 10px; }
        summary { cursor: pointer; color: var(--muted); font-size: 12px; }
        pre { margin: 6px 0 0; padding: 10px 12px; background: #fff; border: 1px solid #f0d3cf; border-radius: 6px; font-size: 12px;
          line-height: 17px; white-space: pre-wrap; overflow-wrap: anywhere; }
        .more { color: var(--muted); text-align: center; margin: 8px 0 0 42px; font-size: 13px; }
        .c-text, .c-plain { margin: 0; }
        .c-plain { white-space: pre-wrap; }
        .size-S { font-size: 12px; line-height: 16px; }
        .size-M { font-size: 14px; line-height: 20px; }
        .size-L { font-size: 16px; line-height: 24px; font-weight: 500; }
        .color-NORMAL { color: var(--ink); }
        .color-MUTED { color: var(--muted); }
        .color-SUCCESS { color: var(--ok); }
        .color-WARNING { color: var(--warn); }
        .color-ERROR { color: var(--err); }
        .c-text code { font-size: .9em; background: #f2f2f5; border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
        .c-text a { color: var(--accent); text-decoration: underline; text-underline-offset: 2px; }
        .c-spacer.sp-XS { height: 4px; } .c-spacer.sp-S { height: 8px; } .c-spacer.sp-M { height: 12px; }
        .c-spacer.sp-L { height: 16px; } .c-spacer.sp-XL { height: 24px; }
        .c-divider { border: 0; border-top: 1px solid var(--line); margin: 8px 0; }
        .c-divider.sp-XS { margin: 4px 0; } .c-divider.sp-S { margin: 8px 0; } .c-divider.sp-M { margin: 12px 0; }
        .c-divider.sp-L { margin: 16px 0; } .c-divider.sp-XL { margin: 24px 0; }
        .c-inline { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 5px 0; }
        .c-button { display: inline-flex; align-items: center; gap: 6px; height: 28px; padding: 0 10px; border-radius: 7px;
          border: 1px solid var(--line-strong); background: #fff; color: var(--ink); font-size: 13px; font-weight: 500;
          text-decoration: none; box-shadow: 0 1px 1px rgba(20, 20, 30, .05); white-space: nowrap; max-width: 100%; }
        .c-label { overflow: hidden; text-overflow: ellipsis; min-width: 0; }
        .c-button svg { width: 13px; height: 13px; flex: none; color: var(--muted); }
        a.c-button:hover { background: #f7f7f9; }
        .c-button.inert { color: var(--muted); border-style: dashed; }
        .c-workflow { background: var(--ink); border-color: var(--ink); color: #fff; }
        .c-workflow svg { color: #fff; }
        .c-badge { display: inline-block; height: 22px; line-height: 20px; padding: 0 8px; border-radius: 6px; font-size: 12px;
          font-weight: 500; border: 1px solid transparent; white-space: nowrap; max-width: 100%; overflow: hidden; text-overflow: ellipsis; }
        .badge-GREY { background: #f1f1f4; color: #4b4b55; border-color: #e3e3e8; }
        .badge-GREEN { background: #e6f6eb; color: #17803d; border-color: #c8ebd3; }
        .badge-YELLOW { background: #fdf5d8; color: #8a5a00; border-color: #f5e3a6; }
        .badge-RED { background: #fdeceb; color: #c42b1c; border-color: #f7cdc8; }
        .badge-BLUE { background: #e8f0ff; color: #2350d8; border-color: #cddcfd; }
        .c-copy { position: relative; display: inline-flex; align-items: center; gap: 6px; min-height: 26px; max-width: 100%; padding: 3px 8px;
          border-radius: 6px;
          background: #f4f4f7; border: 1px solid var(--line); font-size: 12px; color: var(--ink); cursor: default; }
        .c-copy svg { width: 13px; height: 13px; flex: none; color: var(--muted); }
        .c-copy .mono { min-width: 0; overflow-wrap: anywhere; line-height: 18px; }
        .c-copy::after { content: attr(data-tooltip); position: absolute; left: 50%; bottom: calc(100% + 6px); transform: translateX(-50%);
          background: var(--ink); color: #fff; font-size: 12px; line-height: 16px; padding: 4px 8px; border-radius: 6px; white-space: nowrap;
          opacity: 0; pointer-events: none; transition: opacity .12s; font-family: Inter, -apple-system, "Segoe UI", Roboto, sans-serif; }
        .c-copy:hover::after { opacity: 1; }
        .c-datetime { display: inline-flex; align-items: center; gap: 6px; color: var(--ink); font-size: 14px; }
        .c-datetime svg { width: 14px; height: 14px; color: var(--muted); }
        .c-user { display: inline-flex; align-items: center; gap: 8px; font-size: 14px; }
        .avatar { width: 22px; height: 22px; border-radius: 50%; background: #e9e6ff; color: #4a3aff; font-size: 10px; font-weight: 600;
          display: inline-flex; align-items: center; justify-content: center; flex: none; }
        .c-row { display: flex; align-items: center; justify-content: space-between; gap: 16px; margin: 4px 0; }
        .row-main { flex: 1 1 auto; min-width: 0; }
        .row-aside { flex: 0 1 auto; display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: 6px;
          text-align: right; min-width: 0; }
        .c-row .c-inline { margin: 0; }
        .c-unknown { color: var(--faint); font-style: italic; }
        .foot { margin: 32px 0 0 42px; color: var(--faint); font-size: 12px; }
        """
}
