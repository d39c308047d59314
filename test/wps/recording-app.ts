/**
 * A stand-in for WPS's `window.Application` in tests of the add-in's wiring (not of the host adapter): the
 * members the ribbon uses (CreateTaskPane, GetTaskPane, PluginStorage) behave, and every other member path is a
 * recording proxy, so whatever the WPS host adapter touches is recorded and the command still finishes (with
 * a summary, maybe an error one). Written as a source string too, to inject into a page before its scripts.
 */

export const RECORDING_APP_SOURCE = String.raw`(function () {
  var calls = [];
  var panes = [];
  var storage = {};
  function recorder(path) {
    var target = function () {};
    return new Proxy(target, {
      get: function (_t, key) {
        if (key === 'then') return undefined;
        if (key === Symbol.toPrimitive) return function (hint) { return hint === 'number' ? 0 : ''; };
        if (key === Symbol.iterator) return undefined;
        if (typeof key === 'symbol') return undefined;
        if (key === 'toString' || key === 'valueOf') return function () { return ''; };
        calls.push('get ' + path + '.' + String(key));
        return recorder(path + '.' + String(key));
      },
      set: function (_t, key) { calls.push('set ' + path + '.' + String(key)); return true; },
      apply: function () { calls.push('call ' + path); return recorder(path + '()'); },
    });
  }
  var base = {
    CreateTaskPane: function (url) {
      calls.push('call Application.CreateTaskPane ' + url);
      var pane = { ID: panes.length + 1, Visible: false, url: url };
      panes.push(pane);
      return pane;
    },
    GetTaskPane: function (id) {
      calls.push('call Application.GetTaskPane ' + id);
      for (var i = 0; i < panes.length; i++) if (panes[i].ID === Number(id)) return panes[i];
      return null;
    },
    PluginStorage: {
      getItem: function (key) { return Object.prototype.hasOwnProperty.call(storage, key) ? storage[key] : null; },
      setItem: function (key, value) { storage[key] = value; },
    },
  };
  var rest = recorder('Application');
  var app = new Proxy(base, {
    get: function (t, key) {
      if (key === '__calls') return calls;
      if (key === '__panes') return panes;
      if (key === '__storage') return storage;
      if (Object.prototype.hasOwnProperty.call(t, key)) return t[key];
      if (key === 'then' || typeof key === 'symbol') return undefined;
      return rest[key];
    },
  });
  return app;
})()`;

export interface RecordingApp {
  readonly __calls: string[];
  readonly __panes: { ID: number; Visible: boolean; url: string }[];
  readonly __storage: Record<string, unknown>;
}
