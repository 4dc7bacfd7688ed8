/** Which field of a record holds the text and which the label: CSV column names or JSONL keys. */
export interface DataColumns {
  text: string;
  label: string;
}

export const defaultColumns: DataColumns = { text: 'text', label: 'label' };

/** One record as a format reader found it, before text and label are cleaned up. */
export interface SourceRecord {
  /** 1-based line where the record starts. */
  line: number;
  text: string;
  label: string | number;
}

/** What a format reader returns: records in file order, plus anything odd that did not stop it. */
export interface SourceRecords {
  records: SourceRecord[];
  warnings: string[];
}
