import type { App, FormInstance } from 'antd';
import { fieldErrors } from './api';

type Message = ReturnType<typeof App.useApp>['message'];

/** Shows a failed action's message (the server's, already in the user's language). */
export function reportError(message: Message, error: unknown): void {
  void message.error(error instanceof Error ? error.message : String(error));
}

/** Shows a failed save: the server's field errors on their fields, its message on top. */
export function reportSaveError(form: FormInstance, error: unknown, message: Message): void {
  const fields = fieldErrors(error);
  if (fields.length > 0) {
    form.setFields(fields);
  }
  reportError(message, error);
}
