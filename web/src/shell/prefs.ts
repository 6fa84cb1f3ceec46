/** Elder mode (适老模式) as pages read it. */
import { createContext, useContext } from 'react';

export const ElderContext = createContext(false);

export function useElder(): boolean {
  return useContext(ElderContext);
}
