/**
 * Every error the API can answer, in ONE table: key → HTTP status → message in Vietnamese and
 * English. `AppError` accepts only these keys, so an unknown code does not compile
 * (`new AppError('form_closed')`). docs/api.md lists the table (`node scripts/error-codes.mjs`
 * rewrites that list; a unit test fails when it is stale).
 *
 * - The key is the code the client reads (`error.code`). A key `code:variant` is one more message
 *   of the same code, for a code that explains itself differently in different situations
 *   (`case_invalid:merge_self`); the client still reads `case_invalid`. Every variant of a code has
 *   the code's status (a unit test checks).
 * - `{name}` in a message is a parameter, typed from the text: `new AppError('body_too_large',
 *   { limit: 65536 })`. A parameter is a number, a string shown as it is, or a `{ vi, en }` pair
 *   for a phrase that itself needs translating.
 *
 * Pure data with no imports but types: the docs script reads it with Node directly.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The refusal of an anonymous petition in parts (`anonymous_petition` below is them joined): a
 * page shows the last part as a link to the feedback channel (`AnonymousPetitionError.notice`).
 */
export const ANONYMOUS_PETITION = {
  vi: {
    reason:
      'Đơn khiếu nại, tố cáo, kiến nghị phải ghi rõ họ tên và thông tin liên hệ: pháp luật không xử lý đơn tố cáo nặc danh (Luật Tố cáo 2018, Điều 25).',
    lead: 'Nếu bạn muốn góp ý không ghi tên, hãy dùng',
    linkText: 'kênh góp ý, phản ánh',
  },
  en: {
    reason:
      'A complaint, denunciation or petition must give your name and contact details: the law does not process anonymous denunciations (Law on Denunciations 2018, art. 25).',
    lead: 'To give feedback without your name, use',
    linkText: 'the feedback channel',
  },
} as const;

export interface ErrorSpec {
  readonly status: ContentfulStatusCode;
  readonly vi: string;
  readonly en: string;
}

export const ERROR_TABLE = {
  // Requests in general (worker/lib/http.ts, jsonBody, the Node server)
  validation_failed: {
    status: 400,
    vi: 'Dữ liệu gửi lên không hợp lệ.',
    en: 'The submitted data is not valid.',
  },
  malformed_json: {
    status: 400,
    vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: 'The request body is not valid JSON.',
  },
  body_too_large: {
    status: 413,
    vi: 'Nội dung gửi lên quá lớn (tối đa {limit} byte).',
    en: 'The request body is too large (at most {limit} bytes).',
  },
  unauthenticated: { status: 401, vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  forbidden: {
    status: 403,
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  },
  'forbidden:rows': {
    status: 403,
    vi: 'Có dòng thuộc đơn vị ngoài phạm vi của bạn.',
    en: 'Some rows belong to units outside your scope.',
  },
  not_found: { status: 404, vi: 'Không tìm thấy.', en: 'Not found: {what}.' },
  // The public ballot page (worker/ballots/page-routes.tsx): a voter reads it, so it names the vote.
  'not_found:round': { status: 404, vi: 'Không tìm thấy đợt bỏ phiếu.', en: 'No such vote.' },
  rate_limited: {
    status: 429,
    vi: 'Bạn thao tác quá nhanh, vui lòng thử lại sau ít phút.',
    en: 'Too many requests, please try again in a few minutes.',
  },
  csrf_rejected: {
    status: 403,
    vi: 'Yêu cầu bị từ chối vì không đến từ trang của hệ thống.',
    en: 'Request refused: it did not come from this site.',
  },
  internal: { status: 500, vi: 'Lỗi hệ thống.', en: 'Internal error.' },
  // Development and tests only (CHECK_RESPONSES=on, worker/lib/route.ts): a reply broke its contract.
  response_contract_broken: {
    status: 500,
    vi: 'Phản hồi của {route} không đúng mô tả API.',
    en: 'The reply of {route} does not match its API contract.',
  },
  import_invalid: {
    status: 400,
    vi: 'Tệp nhập có lỗi; chưa ghi dữ liệu nào.',
    en: 'The import has errors; nothing was written.',
  },

  // Accounts and sign-in (worker/auth/)
  invalid_credentials: {
    status: 401,
    vi: 'Email hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa do đăng nhập sai nhiều lần.',
    en: 'Wrong email or password, or the account is temporarily locked after repeated failures.',
  },
  totp_invalid: { status: 401, vi: 'Mã xác thực không đúng.', en: 'The verification code is wrong.' },
  totp_reused: {
    status: 401,
    vi: 'Mã này vừa được dùng. Vui lòng chờ mã mới trong ứng dụng xác thực (khoảng 30 giây) rồi nhập lại.',
    en: 'This code was just used. Wait for the next code in your authenticator app (about 30 seconds) and enter it.',
  },
  totp_already_enabled: {
    status: 409,
    vi: 'Xác thực hai lớp đã bật.',
    en: 'Two-factor authentication is already on.',
  },
  totp_not_enrolled: { status: 409, vi: 'Chưa bắt đầu đăng ký.', en: 'Start enrolment first.' },
  totp_changed: {
    status: 409,
    vi: 'Mã bí mật vừa thay đổi, hãy đăng ký lại.',
    en: 'The secret changed; enrol again.',
  },
  already_verified: { status: 409, vi: 'Phiên đã xác thực.', en: 'The session is already verified.' },
  email_taken: { status: 409, vi: 'Email đã có tài khoản.', en: 'An account with this email exists.' },
  cannot_disable_self: {
    status: 409,
    vi: 'Không thể tự khóa tài khoản của mình.',
    en: 'You cannot disable your own account.',
  },
  grant_exists: { status: 409, vi: 'Tài khoản đã có quyền này.', en: 'The account already has this grant.' },

  // Organisation tree and people (worker/org/)
  unit_code_taken: { status: 409, vi: 'Mã đơn vị đã được dùng.', en: 'The unit code is already in use.' },
  person_ref_taken: {
    status: 409,
    vi: 'Mã tham chiếu đã được dùng.',
    en: 'The external reference is already in use.',
  },
  'unit_merged:parent': {
    status: 409,
    vi: 'Đơn vị cha đã được hợp nhất.',
    en: 'The parent unit has been merged.',
  },
  'unit_merged:self': {
    status: 409,
    vi: 'Đơn vị đã được hợp nhất trước đó.',
    en: 'The unit has already been merged.',
  },
  'unit_merged:scope': {
    status: 409,
    vi: 'Đơn vị đã được hợp nhất; số liệu của nó được tính vào đơn vị kế thừa.',
    en: 'The unit has been merged; its figures count for its successor.',
  },
  unit_parent_gone: { status: 409, vi: 'Đơn vị cha không còn.', en: 'The parent unit no longer exists.' },
  unit_cycle: {
    status: 409,
    vi: 'Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.',
    en: 'A unit cannot be moved under itself or its own descendants.',
  },
  unit_moved_concurrently: {
    status: 409,
    vi: 'Cây tổ chức vừa thay đổi, vui lòng thử lại.',
    en: 'The tree changed meanwhile; please retry.',
  },
  unit_has_children: {
    status: 409,
    vi: 'Đơn vị còn đơn vị trực thuộc; hãy chuyển hoặc hợp nhất chúng trước.',
    en: 'The unit still has current child units; move or merge them first.',
  },
  unit_merge_refused: {
    status: 409,
    vi: 'Cây tổ chức vừa thay đổi, vui lòng thử lại.',
    en: 'The tree changed meanwhile; please retry.',
  },

  // Forms (worker/forms/)
  form_not_open: {
    status: 409,
    vi: 'Biểu mẫu chưa đến thời gian nhận ý kiến.',
    en: 'This form is not open yet.',
  },
  form_closed: { status: 409, vi: 'Biểu mẫu đã đóng.', en: 'This form is closed.' },
  form_full: {
    status: 409,
    vi: 'Biểu mẫu đã nhận đủ số lượng ý kiến.',
    en: 'This form has reached its response limit.',
  },
  form_changed: {
    status: 409,
    vi: 'Biểu mẫu vừa được cập nhật trong lúc gửi. Vui lòng bấm gửi lại.',
    en: 'The form was updated while you were sending. Please send again.',
  },
  case_content: {
    status: 403,
    vi: 'Nội dung góp ý, đơn thư chỉ được xem trong hàng đợi vụ việc (cán bộ tiếp nhận, cơ quan xử lý khi đã được chuyển).',
    en: 'Feedback and petition content is read in the case queue only (intake, and the handling body once forwarded).',
  },
  slug_taken: { status: 409, vi: 'Đường dẫn này đã được dùng.', en: 'This slug is already taken.' },
  not_published: {
    status: 409,
    vi: 'Biểu mẫu chưa được phát hành.',
    en: 'The form has not been published yet.',
  },
  cap_below_used: {
    status: 409,
    vi: 'Không thể đặt giới hạn thấp hơn số ý kiến đã nhận.',
    en: 'The cap cannot be lower than the number of responses already received.',
  },
  publish_conflict: {
    status: 409,
    vi: 'Biểu mẫu vừa được sửa hoặc phát hành bởi người khác, vui lòng thử lại.',
    en: 'The form was changed or published by someone else at the same moment; please retry.',
  },

  // Submissions and receipts (worker/responses/)
  turnstile_unavailable: {
    status: 503,
    vi: 'Chưa cấu hình kiểm tra chống spam, vui lòng thử lại sau.',
    en: 'Bot protection is not configured; please try later.',
  },
  turnstile_failed: {
    status: 403,
    vi: 'Không xác nhận được bạn không phải máy, vui lòng thử lại.',
    en: 'The challenge was not passed; please try again.',
  },
  invalid_receipt: {
    status: 400,
    vi: 'Mã biên nhận không đúng, vui lòng kiểm tra lại.',
    en: 'This receipt code is not valid; please check it.',
  },

  // Cases (worker/cases/)
  anonymous_petition: {
    status: 400,
    vi: `${ANONYMOUS_PETITION.vi.reason} ${ANONYMOUS_PETITION.vi.lead} ${ANONYMOUS_PETITION.vi.linkText}: {feedbackPath}`,
    en: `${ANONYMOUS_PETITION.en.reason} ${ANONYMOUS_PETITION.en.lead} ${ANONYMOUS_PETITION.en.linkText}: {feedbackPath}`,
  },
  transition_not_allowed: {
    status: 409,
    vi: 'Không thể thực hiện "{action}" khi vụ việc đang ở trạng thái "{status}".',
    en: '"{action}" is not allowed while the case is "{status}".',
  },
  case_changed: {
    status: 409,
    vi: 'Vụ việc vừa được người khác cập nhật, vui lòng tải lại.',
    en: 'Someone else just changed this case; please reload.',
  },
  'case_invalid:no_person': { status: 422, vi: 'Người được phản ánh không tồn tại.', en: 'No such person.' },
  'case_invalid:no_unit': { status: 422, vi: 'Đơn vị không tồn tại.', en: 'No such unit.' },
  'case_invalid:no_body': { status: 422, vi: 'Cơ quan xử lý không tồn tại.', en: 'No such body.' },
  'case_invalid:resolved_unanswered': {
    status: 422,
    vi: 'Chỉ kết thúc "đã giải quyết" khi đã có trả lời.',
    en: 'Only an answered case can close as resolved.',
  },
  'case_invalid:duplicate': {
    status: 422,
    vi: 'Dùng thao tác "Gộp" cho vụ việc trùng.',
    en: 'Use "merge" for duplicates.',
  },
  'case_invalid:merge_self': {
    status: 422,
    vi: 'Không thể gộp vào chính nó.',
    en: 'Cannot merge into itself.',
  },
  'case_invalid:merge_target': {
    status: 422,
    vi: 'Vụ việc đích không hợp lệ.',
    en: 'Not a valid target case.',
  },
  'case_invalid:not_reopenable': {
    status: 422,
    vi: 'Vụ việc này không thể mở lại.',
    en: 'This case cannot be reopened.',
  },
  reopen_window_passed: {
    status: 409,
    vi: 'Đã quá thời hạn {days} ngày để mở lại.',
    en: 'The {days}-day window to reopen has passed.',
  },
  extension_not_possible: {
    status: 409,
    vi: 'Không thể gia hạn (tối đa {max} ngày, đã gia hạn {used} ngày).',
    en: 'Cannot extend (at most {max} days; {used} already).',
  },
  k_below_minimum: {
    status: 422,
    vi: 'Ngưỡng k không được nhỏ hơn 5.',
    en: 'The k threshold cannot be below 5.',
  },
  case_not_found: {
    status: 404,
    vi: 'Mã biên nhận hoặc mã PIN không đúng (hoặc việc tra cứu đang tạm khóa do nhập sai nhiều lần).',
    en: 'Wrong receipt code or PIN (or lookups are paused after too many wrong PINs).',
  },
  'pin_check_needs_contact:phone': {
    status: 409,
    vi: 'Người gửi không để lại số điện thoại để đối chiếu: chỉ cấp lại mã PIN khi người đề nghị trình được mã biên nhận.',
    en: 'The reporter left no phone number to check against: a new PIN only for a person who shows the receipt code.',
  },
  'pin_check_needs_contact:name': {
    status: 409,
    vi: 'Người gửi không để lại họ tên để đối chiếu: chỉ cấp lại mã PIN khi người đề nghị trình được mã biên nhận.',
    en: 'The reporter left no name to check against: a new PIN only for a person who shows the receipt code.',
  },
  invalid_rating: { status: 400, vi: 'Vui lòng chọn mức 1–5.', en: 'Please choose 1–5.' },
  nothing_to_rate: { status: 409, vi: 'Chưa có trả lời để đánh giá.', en: 'There is no answer to rate yet.' },
  reason_required: { status: 400, vi: 'Vui lòng nêu lý do.', en: 'Please give a reason.' },

  // Reporter rights (worker/rights/)
  confirm_required: {
    status: 400,
    vi: 'Vui lòng đánh dấu ô xác nhận.',
    en: 'Please tick the confirmation box.',
  },
  no_identity: {
    status: 409,
    vi: 'Vụ việc này không lưu thông tin cá nhân của bạn.',
    en: 'No personal details are held on this case.',
  },
  request_answered: { status: 409, vi: 'Yêu cầu đã được trả lời.', en: 'Already answered.' },
  reply_required: {
    status: 400,
    vi: 'Vui lòng nêu lý do từ chối.',
    en: 'Please give the reason for refusing.',
  },
  legal_hold: {
    status: 409,
    vi: 'Vụ việc khiếu nại, tố cáo, kiến nghị đang giải quyết cần thông tin người gửi: từ chối và nêu lý do, hoặc người gửi rút lại sự đồng ý để kết thúc vụ việc.',
    en: 'An open complaint, denunciation or petition needs the reporter’s identity: refuse with the reason, or the reporter withdraws consent to close it.',
  },

  // Retention and the audit export (worker/retention/)
  'not_found:hold_case': {
    status: 404,
    vi: 'Không có vụ việc nào có mã biên nhận (hoặc mã vụ việc) này.',
    en: 'No case has this receipt code (or case id).',
  },
  export_too_large: {
    status: 422,
    vi: 'Khoảng này có hơn {max} dòng nhật ký: hãy chọn khoảng ngắn hơn.',
    en: 'This range holds more than {max} audit rows: choose a shorter one.',
  },

  // Dashboards (worker/dashboards/)
  invalid_period: {
    status: 400,
    vi: 'Khoảng thời gian không hợp lệ (tháng bắt đầu phải trước tháng kết thúc, tối đa 5 năm).',
    en: 'Invalid period (the first month must not follow the last; at most 5 years).',
  },
  view_unavailable: {
    status: 409,
    vi: 'Bảng này chưa có số liệu: {missing}',
    en: 'This view has no data yet: {missing}',
  },

  // Confidence votes (worker/ballots/)
  wrong_phase: {
    status: 409,
    vi: 'Thao tác này không thực hiện được ở giai đoạn hiện tại ({phase}).',
    en: 'Not possible in the current phase ({phase}).',
  },
  phase_order: {
    status: 409,
    vi: 'Không thể chuyển từ giai đoạn {from} sang {to}: các giai đoạn đi lần lượt.',
    en: 'Cannot move from {from} to {to}: phases go in order.',
  },
  quorum_not_met: {
    status: 409,
    vi: 'Chưa đủ 2/3 số thành viên được triệu tập có mặt: không thể bắt đầu bỏ phiếu.',
    en: 'Fewer than two thirds of the members summoned are present: casting cannot open.',
  },
  no_codes: { status: 409, vi: 'Chưa in mã bỏ phiếu nào.', en: 'No ballot codes have been printed.' },
  too_many_codes: {
    status: 409,
    vi: 'Chỉ còn có thể in {room} mã (bằng số thành viên có mặt).',
    en: 'Only {room} more codes can be printed (one per member present).',
  },
  /** Another print took the room between the check and the batch (the table's CHECK refused). */
  'too_many_codes:race': {
    status: 409,
    vi: 'Số mã vượt quá số thành viên có mặt.',
    en: 'More codes than members present.',
  },
  duplicate_member: {
    status: 409,
    vi: 'Một tài khoản xuất hiện hai lần trong danh sách.',
    en: 'An account appears twice on the roster.',
  },
  present_below_codes: {
    status: 409,
    vi: 'Số có mặt không thể ít hơn số mã đã in.',
    en: 'Present cannot be fewer than the codes already printed.',
  },
  token_already_issued: {
    status: 409,
    vi: 'Bạn đã nhận phiếu điện tử của đợt này (hoặc giai đoạn phát phiếu đã kết thúc).',
    en: 'You already received your token for this round (or issuing has closed).',
  },
  not_casting: { status: 409, vi: 'Hiện không trong thời gian bỏ phiếu.', en: 'Casting is not open.' },
  code_invalid: {
    status: 403,
    vi: 'Mã bỏ phiếu không đúng. Kiểm tra lại các ký tự trên phiếu mã.',
    en: 'This ballot code is not valid. Check the characters on your slip.',
  },
  code_used: {
    status: 409,
    vi: 'Mã này đã được dùng để bỏ phiếu. Mỗi mã chỉ dùng một lần.',
    en: 'This code has already been used. Each code votes once.',
  },
  token_invalid: {
    status: 403,
    vi: 'Phiếu điện tử không hợp lệ cho đợt này.',
    en: 'The ballot token is not valid for this round.',
  },
  tally_not_available: {
    status: 409,
    vi: 'Chưa đến giai đoạn kiểm phiếu: không có số liệu nào trước khi kết thúc bỏ phiếu.',
    en: 'Not counted yet: no figures exist before casting closes.',
  },
  results_not_published: {
    status: 409,
    vi: 'Kết quả chưa được công bố.',
    en: 'The results have not been published.',
  },

  // Reporting campaigns and models (worker/campaigns/, worker/models/)
  not_assigned: {
    status: 404,
    vi: 'Đơn vị không thuộc đợt báo cáo này.',
    en: 'This unit is not assigned to the campaign.',
  },
  report_locked: {
    status: 409,
    vi: 'Báo cáo đã gửi; chỉ sửa được khi được trả lại để bổ sung.',
    en: 'The report was submitted; it can be changed only after it is returned.',
  },
  report_not_submitted: {
    status: 409,
    vi: 'Chỉ trả lại được báo cáo đã gửi.',
    en: 'Only a submitted report can be returned.',
  },
  campaign_closed: { status: 409, vi: 'Đợt báo cáo đã kết thúc.', en: 'The campaign is closed.' },
  model_not_effective: {
    status: 409,
    vi: 'Chỉ mô hình đã được đánh giá hiệu quả mới được ghi nhận nhân rộng.',
    en: 'Only a model evaluated effective can be recorded as replicated.',
  },
  model_self_link: {
    status: 409,
    vi: 'Mô hình không thể nhân rộng sang chính nó.',
    en: 'A model cannot be replicated to itself.',
  },
  import_changed: {
    status: 409,
    vi: 'Tệp hoặc dữ liệu đã thay đổi so với bản xem trước; hãy xem trước lại.',
    en: 'The file or the data changed since the preview; preview again.',
  },
  unsupported_file_type: {
    status: 415,
    vi: 'Chỉ nhận ảnh JPEG, PNG hoặc WebP.',
    en: 'Only JPEG, PNG or WebP images are accepted.',
  },
} as const satisfies Record<string, ErrorSpec>;

/** A row of the table: a code, or `code:variant` for one more message of that code. */
export type ErrorKey = keyof typeof ERROR_TABLE;
/** The code a client reads in `error.code`: the table's keys without their `:variant`. */
export type ErrorCode = ErrorKey extends infer K ? (K extends `${infer C}:${string}` ? C : K) : never;

/** The code of a key: `case_invalid:merge_self` → `case_invalid`. */
export function codeOf(key: ErrorKey): ErrorCode {
  return key.split(':')[0] as ErrorCode;
}

/** The markers around the generated list in docs/api.md. */
export const DOC_MARKERS = {
  start:
    '<!-- error-codes:start — generated from worker/lib/error-codes.ts by `node scripts/error-codes.mjs` -->',
  end: '<!-- error-codes:end -->',
} as const;

/** The table as the Markdown list docs/api.md carries between {@link DOC_MARKERS}. */
export function errorTableMarkdown(): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const rows = Object.entries(ERROR_TABLE).map(([key, spec]: [string, ErrorSpec]) => {
    const [code, variant] = key.split(':');
    const name = variant ? `\`${code}\` (${variant})` : `\`${code}\``;
    return `| ${name} | ${spec.status} | ${cell(spec.en)} | ${cell(spec.vi)} |`;
  });
  return [
    DOC_MARKERS.start,
    '| Code | Status | Message (en) | Thông báo (vi) |',
    '| --- | --- | --- | --- |',
    ...rows,
    DOC_MARKERS.end,
  ].join('\n');
}
