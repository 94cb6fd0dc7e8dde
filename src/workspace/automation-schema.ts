import * as v from 'valibot'
import { MAX_DELAY_MS, MIN_SCHEDULE_INTERVAL_MS, type AutoResponder, type Heartbeat, type OnOpenStep } from '../engine/automation/model.ts'
import { compileMatcher, JSON_OPERATORS, type Matcher } from '../engine/match/matcher.ts'
import { DEFAULT_CONNECT_TIMEOUT_MS, MAX_STEP_WAIT_MS, type Scenario, type ScenarioStep } from '../engine/scenario/model.ts'
import { VARIABLE_NAME, type Environment, type Variable } from '../engine/template/variables.ts'
import { LIMITS } from './limits.ts'
import { idSchema, nameSchema, objectSchema, payloadModeSchema, payloadTextSchema, textSchema, wholeNumber } from './schema-primitives.ts'

/*
 * The testing half of the workspace format (variables, environments, auto-responders, heartbeat,
 * on-open sequences, scenarios), shared by storage and files. The data types live in the engine,
 * which runs them; these schemas only check and copy what comes in.
 */

export const AUTOMATION_LIMITS = {
  variables: 1_000,
  environments: 100,
  autoResponders: 100,
  onOpenSteps: 100,
  scenarios: 500,
  stepsPerScenario: 1_000,
  jsonPredicates: 50,
} as const

const variableNameSchema = v.pipe(
  textSchema(LIMITS.nameChars),
  v.regex(VARIABLE_NAME, 'must start with a letter or _ and hold only letters, digits, _, - and .'),
)

export const variableSchema = objectSchema({
  name: variableNameSchema,
  value: textSchema(LIMITS.payloadChars),
  secret: v.optional(v.boolean('must be true or false')),
})

export const variablesSchema = v.pipe(
  v.array(variableSchema, 'must be a list of variables'),
  v.maxLength(AUTOMATION_LIMITS.variables, `must have at most ${AUTOMATION_LIMITS.variables} variables`),
)

export const environmentSchema = objectSchema({ id: idSchema, name: nameSchema, variables: variablesSchema })

export const environmentsSchema = v.pipe(
  v.array(environmentSchema, 'must be a list of environments'),
  v.maxLength(AUTOMATION_LIMITS.environments, `must have at most ${AUTOMATION_LIMITS.environments} environments`),
)

const delaySchema = wholeNumber(0, MAX_DELAY_MS)
const shortText = textSchema(LIMITS.protocolChars)

export const matcherSchema = objectSchema({
  kind: v.optional(v.picklist(['connecting', 'open', 'message', 'notice', 'error', 'close'], 'must be a frame kind: "message", "open", "close", "error", "notice" or "connecting"')),
  direction: v.optional(v.picklist(['in', 'out'], 'must be "in" or "out"')),
  binary: v.optional(v.boolean('must be true or false')),
  contains: v.optional(shortText),
  matchCase: v.optional(v.boolean('must be true or false')),
  regex: v.optional(shortText),
  json: v.optional(
    v.pipe(
      v.array(
        objectSchema({
          path: shortText,
          op: v.picklist(JSON_OPERATORS, `must be one of ${JSON_OPERATORS.join(', ')}`),
          value: v.optional(v.unknown()),
        }),
        'must be a list of {"path", "op", "value"} predicates',
      ),
      v.maxLength(AUTOMATION_LIMITS.jsonPredicates, `must have at most ${AUTOMATION_LIMITS.jsonPredicates} predicates`),
    ),
  ),
  jsonSubset: v.optional(v.unknown()),
  event: v.optional(textSchema(LIMITS.nameChars)),
})

const captureFields = {
  variable: variableNameSchema,
  path: v.optional(shortText),
  regex: v.optional(shortText),
}

export const autoResponderSchema = objectSchema({
  id: idSchema,
  name: nameSchema,
  enabled: v.boolean('must be true or false'),
  match: matcherSchema,
  reply: objectSchema({ text: payloadTextSchema, mode: payloadModeSchema }),
  captures: v.optional(v.pipe(v.array(objectSchema(captureFields), 'must be a list of captures'), v.maxLength(20, 'must have at most 20 captures'))),
  delayMs: delaySchema,
})

export const autoRespondersSchema = v.pipe(
  v.array(autoResponderSchema, 'must be a list of rules'),
  v.maxLength(AUTOMATION_LIMITS.autoResponders, `must have at most ${AUTOMATION_LIMITS.autoResponders} rules`),
)

export const heartbeatSchema = objectSchema({
  enabled: v.boolean('must be true or false'),
  intervalMs: wholeNumber(MIN_SCHEDULE_INTERVAL_MS, MAX_DELAY_MS),
  text: payloadTextSchema,
  mode: payloadModeSchema,
})

/** `{savedMessageId}` or `{text, mode}`: one object schema, checked and narrowed after. */
function messageRefFields<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return objectSchema({ ...entries, savedMessageId: v.optional(idSchema), text: v.optional(payloadTextSchema), mode: v.optional(payloadModeSchema) })
}

type RefInput = { savedMessageId?: string; text?: string; mode?: 'json' | 'text' | 'binary' }

function refCheck(input: RefInput): boolean {
  return (input.savedMessageId !== undefined) !== (input.text !== undefined)
}

const REF_MESSAGE = 'needs either "savedMessageId" or "text" (with "mode"), not both'

function narrowRef<T extends RefInput>(input: T): Omit<T, 'savedMessageId' | 'text' | 'mode'> & ({ savedMessageId: string } | { text: string; mode: 'json' | 'text' | 'binary' }) {
  const { savedMessageId, text, mode, ...rest } = input
  return savedMessageId !== undefined ? { ...rest, savedMessageId } : { ...rest, text: text ?? '', mode: mode ?? 'text' }
}

export const onOpenStepSchema = v.pipe(messageRefFields({ delayMs: delaySchema }), v.check((input) => refCheck(input), REF_MESSAGE), v.transform((input): OnOpenStep => narrowRef(input)))

export const onOpenSchema = v.pipe(
  v.array(onOpenStepSchema, 'must be a list of steps'),
  v.maxLength(AUTOMATION_LIMITS.onOpenSteps, `must have at most ${AUTOMATION_LIMITS.onOpenSteps} steps`),
)

const waitSchema = wholeNumber(0, MAX_STEP_WAIT_MS)
const connectionRef = v.optional(idSchema)

const stepSchema = v.variant(
  'type',
  [
    v.object({ type: v.literal('connect'), connection: connectionRef, timeoutMs: v.optional(wholeNumber(1, MAX_STEP_WAIT_MS)) }),
    v.pipe(
      v.object({ type: v.literal('send'), connection: connectionRef, savedMessageId: v.optional(idSchema), text: v.optional(payloadTextSchema), mode: v.optional(payloadModeSchema) }),
      v.check((input) => refCheck(input), REF_MESSAGE),
      v.transform((input): ScenarioStep => narrowRef(input)),
    ),
    v.object({ type: v.literal('wait'), ms: waitSchema }),
    v.object({
      type: v.literal('expect'),
      connection: connectionRef,
      name: v.optional(nameSchema),
      match: matcherSchema,
      withinMs: waitSchema,
      times: v.optional(
        v.variant('mode', [
          v.object({ mode: v.picklist(['atLeast', 'exactly']), count: wholeNumber(0, 1_000_000) }),
          v.object({ mode: v.literal('none') }),
        ], 'must be {"mode": "atLeast" | "exactly", "count": N} or {"mode": "none"}'),
      ),
    }),
    v.pipe(v.object({ type: v.literal('capture'), ...captureFields }), v.check((input) => Boolean(input.path) !== Boolean(input.regex), 'needs either "path" or "regex"')),
    v.object({ type: v.literal('expectClose'), connection: connectionRef, code: v.optional(wholeNumber(1000, 4999)), withinMs: waitSchema }),
    v.object({ type: v.literal('close'), connection: connectionRef, code: v.optional(wholeNumber(1000, 4999)), reason: v.optional(textSchema(123)) }),
  ],
  'must be a step type: "connect", "send", "wait", "expect", "capture", "expectClose" or "close"',
)

export const scenarioSchema = objectSchema({
  id: idSchema,
  name: nameSchema,
  connection: idSchema,
  steps: v.pipe(v.array(stepSchema, 'must be a list of steps'), v.maxLength(AUTOMATION_LIMITS.stepsPerScenario, `must have at most ${AUTOMATION_LIMITS.stepsPerScenario} steps`)),
})

export const scenariosSchema = v.pipe(
  v.array(scenarioSchema, 'must be a list of scenarios'),
  v.maxLength(AUTOMATION_LIMITS.scenarios, `must have at most ${AUTOMATION_LIMITS.scenarios} scenarios`),
)

/** Runner-only handshake headers (a browser cannot send them): a list of name/value pairs. */
export const headersSchema = v.pipe(
  v.array(objectSchema({ name: v.pipe(textSchema(LIMITS.nameChars), v.regex(/^[!#$%&'*+.^_`|~\w-]+$/, 'must be a header name')), value: textSchema(LIMITS.urlChars) }), 'must be a list of {"name", "value"} headers'),
  v.maxLength(LIMITS.keyValuesPerList, `must have at most ${LIMITS.keyValuesPerList} headers`),
)

/** The connection fields added by automation, spread into both the storage and the file schema. */
export const connectionAutomationEntries = {
  headers: v.optional(headersSchema),
  autoResponders: v.optional(autoRespondersSchema),
  heartbeat: v.optional(heartbeatSchema),
  onOpen: v.optional(onOpenSchema),
}

/** The workspace fields added by automation. */
export const workspaceAutomationEntries = {
  variables: v.optional(variablesSchema),
  environments: v.optional(environmentsSchema),
  activeEnvironmentId: v.optional(idSchema),
  scenarios: v.optional(scenariosSchema),
}

type AutomationConnection = {
  id: string
  headers?: { name: string; value: string }[]
  autoResponders?: AutoResponder[]
  onOpen?: OnOpenStep[]
  savedMessages: { id: string }[]
}
type AutomationWorkspace = { connections: AutomationConnection[]; scenarios?: Scenario[]; environments?: Environment[]; variables?: Variable[]; activeEnvironmentId?: string }

/**
 * What the schemas cannot see: matchers that do not compile (a bad regex or JSON path), scenarios
 * and steps that name a connection or saved message that is not there, duplicate names.
 */
export function checkAutomation(workspace: AutomationWorkspace, rootPath: string): string[] {
  const errors: string[] = []
  const at = (path: string) => (rootPath === '' ? path : `${rootPath}.${path}`)
  const connections = new Map(workspace.connections.map((connection) => [connection.id, connection]))
  const messageIds = new Set(workspace.connections.flatMap((connection) => connection.savedMessages.map((message) => message.id)))
  const checkMatcher = (matcher: Matcher, path: string) => {
    const compiled = compileMatcher(matcher)
    if (!compiled.ok) errors.push(`${at(path)}: ${compiled.error}`)
  }
  workspace.connections.forEach((connection, c) => {
    connection.autoResponders?.forEach((rule, r) => checkMatcher(rule.match, `connections[${c}].autoResponders[${r}].match`))
    connection.onOpen?.forEach((step, s) => {
      if ('savedMessageId' in step && !connection.savedMessages.some((message) => message.id === step.savedMessageId)) {
        errors.push(`${at(`connections[${c}].onOpen[${s}].savedMessageId`)}: no saved message "${step.savedMessageId}" on this connection`)
      }
    })
  })
  const scenarioNames = new Set<string>()
  workspace.scenarios?.forEach((scenario, s) => {
    const path = `scenarios[${s}]`
    if (scenarioNames.has(scenario.name)) errors.push(`${at(`${path}.name`)}: another scenario is already named "${scenario.name}"`)
    scenarioNames.add(scenario.name)
    if (!connections.has(scenario.connection)) errors.push(`${at(`${path}.connection`)}: no connection with id "${scenario.connection}"`)
    scenario.steps.forEach((step, i) => {
      const stepPath = `${path}.steps[${i}]`
      if ('connection' in step && step.connection !== undefined && !connections.has(step.connection)) errors.push(`${at(`${stepPath}.connection`)}: no connection with id "${step.connection}"`)
      if (step.type === 'send' && 'savedMessageId' in step && !messageIds.has(step.savedMessageId)) errors.push(`${at(`${stepPath}.savedMessageId`)}: no saved message "${step.savedMessageId}"`)
      if (step.type === 'expect') checkMatcher(step.match, `${stepPath}.match`)
    })
  })
  const environmentNames = new Set<string>()
  workspace.environments?.forEach((environment, e) => {
    if (environmentNames.has(environment.name)) errors.push(`${at(`environments[${e}].name`)}: another environment is already named "${environment.name}"`)
    environmentNames.add(environment.name)
  })
  if (workspace.activeEnvironmentId !== undefined && !workspace.environments?.some((environment) => environment.id === workspace.activeEnvironmentId)) {
    errors.push(`${at('activeEnvironmentId')}: no environment with id "${workspace.activeEnvironmentId}"`)
  }
  return errors
}

export { DEFAULT_CONNECT_TIMEOUT_MS }

// Compile-time proof that the schemas produce exactly the engine's types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemasMatchModel: [
  Same<v.InferOutput<typeof variableSchema>, Variable>,
  Same<v.InferOutput<typeof environmentSchema>, Environment>,
  Same<v.InferOutput<typeof autoResponderSchema>, AutoResponder>,
  Same<v.InferOutput<typeof heartbeatSchema>, Heartbeat>,
  Same<v.InferOutput<typeof matcherSchema>, Matcher>,
] = [true, true, true, true, true]
void schemasMatchModel
