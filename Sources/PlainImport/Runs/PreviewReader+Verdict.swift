extension PreviewReader.Result {
    /// `preview`'s outcome: complete when every record shown would be sent, some records
    /// unsettled otherwise (decided here, with the other commands' verdicts).
    public var verdict: ImportReport.Verdict { invalidCount == 0 ? .complete : .someRecordsUnsettled }
}
