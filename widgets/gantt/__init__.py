"""The Gantt chart beside the task table: painting, dragging, dialogs and export."""
