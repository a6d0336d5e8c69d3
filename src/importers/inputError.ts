/** An input problem the user can fix: the message names the file. */
export class ImportInputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportInputError';
  }
}
