// Placeholder until the widget lands: buildWidgetBundle() bundles src/widget for GET /widget.js.
export {};
