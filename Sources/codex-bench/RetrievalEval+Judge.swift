import CodexCore

extension RetrievalEval {
    /// hit@1, hit@5 and MRR@10 from the 1-based rank of each question's first answering file.
    struct RankScores {
        var hit1: Double
        var hit5: Double
        var mrr: Double

        init(_ ranks: [Int?]) {
            let count = Double(max(ranks.count, 1))
            hit1 = Double(ranks.filter { $0 == 1 }.count) / count
            hit5 = Double(ranks.filter { ($0 ?? 99) <= 5 }.count) / count
            mrr = ranks.reduce(0.0) { $0 + ($1.map { 1 / Double($0) } ?? 0) } / count
        }
    }

    /// How one model-free answer fared.
    struct AnswerVerdict {
        var answer: String
        var rightFileFirst: Bool
        var hasKeyTerms: Bool
        var answerHoldsTerms: Bool
        var passagesHoldTerms: Bool
    }

    /// Decides what counts as found, for files under `root`.
    struct Judge {
        let root: String

        /// 1-based rank of the first distinct file that answers, among the first 10 distinct files.
        func firstRelevantRank(_ paths: [String], relevant: [String]) -> Int? {
            var files: [String] = []
            for path in paths where !files.contains(path) { files.append(path) }
            for (index, file) in files.prefix(10).enumerated() where isRelevant(file, relevant) {
                return index + 1
            }
            return nil
        }

        func verdict(_ answer: Answer, topPassages: String, question: QuestionSet.Question) -> AnswerVerdict {
            let terms = question.keyTerms ?? []
            let text = answer.answer.lowercased()
            let passages = topPassages.lowercased()
            return AnswerVerdict(
                answer: answer.answer,
                rightFileFirst: answer.citations.first.map { isRelevant($0.path, question.relevant) } ?? false,
                hasKeyTerms: !terms.isEmpty,
                answerHoldsTerms: !terms.isEmpty && terms.allSatisfy { text.contains($0.lowercased()) },
                passagesHoldTerms: !terms.isEmpty && terms.allSatisfy { passages.contains($0.lowercased()) })
        }

        private func isRelevant(_ path: String, _ relevant: [String]) -> Bool {
            relevant.contains { path == root + "/" + $0 }
        }
    }
}
