/** The quiz engine: banks as data (quizzes/), scoring, exams, spaced repetition, cost questions, widget, lint. */
export { type Answer, type Bank, type Domain, type ExamRules, type Question, type QuestionType, type Difficulty, type Problem, formatProblem } from './types';
export { loadBanks, loadBank, quizDir, readYaml, type LoadResult } from './load';
export { scoreAnswer, scoreSheet, type Scored, type SheetScore, type DomainScore } from './score';
export { quotas, drawExam } from './draw';
export { selectQuestions, type SelectMode } from './select';
export { review, practiceOrder, BOX_INTERVAL_DAYS, type CardState } from './leitner';
export { Attempt, type Clock, type AnswerResult } from './attempt';
export { loadProgress, saveProgress, progressFile, type Progress, type AttemptRecord, type HistoryEntry, type Mode } from './store';
export { generateQuestion, generateQuestions, questionFromId, costBank, COST_KINDS, type CostKind } from './generate';
export { nearDuplicates, jaccard, shingles, NEAR_DUPLICATE_JACCARD } from './similarity';
export { lintBanks, formatLint, COVERAGE_TOLERANCE_PP, type LintReport } from './lint';
export { widget, widgetHtml } from './widget';
export { md, plain, feedbackText, parseAnswer, formatAnswer } from './render';
export { domainStats, progressOverTime, statsTable, statsChart, showStats, type DomainStat } from './stats';
export { scoreAnswerSheet, type AnswerSheet } from './sheet';
