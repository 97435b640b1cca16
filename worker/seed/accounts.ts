/**
 * Demo staff accounts: one per role, each granted on the unit where that role lives. They share
 * one demo password, printed by `npm start`. Development only: the seed route does not exist in
 * any other environment.
 */
import type { Role } from '../db/schema';
import { FRONT, ROOT, wardCode } from './units';

/** The shared password of every demo account. */
export const DEMO_PASSWORD = 'LangNghe@2026';

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  /** Code of the unit the role is granted on (it holds for the unit's subtree). */
  unit: string;
  /** What the account is for, for the printed login list. */
  purpose: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'admin@langnghe.demo',
    name: 'Quản trị hệ thống',
    role: 'admin',
    unit: ROOT,
    purpose: 'cây tổ chức, tài khoản, phân quyền',
  },
  {
    email: 'thietke@langnghe.demo',
    name: 'Cán bộ MTTQ (thiết kế biểu mẫu)',
    role: 'form_designer',
    unit: FRONT,
    purpose: 'biểu mẫu, khảo sát, mã QR',
  },
  {
    email: 'tiepnhan@langnghe.demo',
    name: 'Cán bộ MTTQ (tiếp nhận)',
    role: 'case_intake',
    unit: FRONT,
    purpose: 'tiếp nhận, phân loại góp ý',
  },
  {
    email: 'xuly@langnghe.demo',
    name: 'Cán bộ Ủy ban Kiểm tra (xử lý)',
    role: 'case_handler',
    unit: 'tp.ubkt',
    purpose: 'xử lý vụ việc được chuyển',
  },
  {
    email: 'lanhdao@langnghe.demo',
    name: 'Thành viên Ban Thường vụ',
    role: 'board_viewer',
    unit: ROOT,
    purpose: 'bảng số liệu toàn thành phố',
  },
  {
    email: 'phuong@langnghe.demo',
    name: 'Cán bộ phường Điện Biên',
    role: 'ward_reporter',
    unit: wardCode('Điện Biên'),
    purpose: 'báo cáo "Dân vận khéo" của phường',
  },
  {
    email: 'kiemphieu@langnghe.demo',
    name: 'Ban kiểm phiếu HĐND',
    role: 'counting_board',
    unit: 'tp.hdnd',
    purpose: 'lấy phiếu tín nhiệm',
  },
];
